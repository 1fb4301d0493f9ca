/**
 * How much of a response the transport holds in memory at once. A compressed response can
 * inflate a thousandfold (a 1 MB gzip body can be 1 GiB of text), so every reader has a bound.
 */

/**
 * Error bodies are read up to this many bytes, then the rest is cancelled: a provider's error
 * message fits in far less, and a proxy's HTML page or a hostile body gets no further.
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The largest single event a stream reader buffers: one SSE event (its `data:` lines, any
 * incomplete line, comments in between) or one NDJSON line, in UTF-16 code units. Real events
 * are far smaller, but some carry several MB of base64 (a generated image is 2 to 4 MB), so
 * the bound is twice that; it is there for a body that inflates without end. The Bedrock
 * decoder bounds an AWS event-stream frame's payload by the same figure, in bytes.
 */
export const MAX_EVENT_CHARS = 8 * 1024 * 1024;

/**
 * The most lines one SSE event may take. Each `data:` line costs the parser a few heap objects
 * (about 10 bytes of memory per character for short lines), so many short lines are bounded
 * by their number long before MAX_EVENT_CHARS. Providers send one `data:` line per event.
 */
export const MAX_EVENT_LINES = 64 * 1024;

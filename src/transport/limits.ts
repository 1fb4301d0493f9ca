/**
 * How much of a response the transport holds in memory at once. A compressed response can
 * inflate a thousandfold (a 1 MB gzip body can be 1 GiB of text), so every reader has a bound.
 */

/**
 * Error bodies are read up to this many bytes, then the rest is cancelled: a provider's error
 * message fits in far less, and a proxy's HTML page or a hostile body gets no further.
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

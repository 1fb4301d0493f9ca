import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event: `event` is undefined for unnamed events. */
export type SseEvent = EventSourceMessage;

/** A response body read chunk by chunk; `finish()` ends the exchange, normal end or not. */
export interface BodyReader {
  read(): Promise<Uint8Array | undefined>;
  finish(): Promise<void>;
}

/**
 * Server-sent events from the body's bytes, as one batch per network read (a read holds many
 * events, and each hop through an async generator costs time on a long stream). A streaming
 * TextDecoder joins multi-byte characters split across reads; eventsource-parser handles LF,
 * CRLF and CR line ends, comments (`: keep-alive`), multi-line data and events split across
 * reads. An event left incomplete at EOF is dropped, as the SSE spec says.
 */
export async function* parseSse(opening: Promise<BodyReader>): AsyncGenerator<SseEvent[]> {
  const body = await opening;
  try {
    const decoder = new TextDecoder();
    let batch: SseEvent[] = [];
    const parser = createParser({ onEvent: (event) => batch.push(event) });
    for (let chunk = await body.read(); chunk !== undefined; chunk = await body.read()) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (batch.length === 0) continue;
      const events = batch;
      batch = [];
      yield events;
    }
    parser.feed(decoder.decode());
    if (batch.length > 0) yield batch;
  } finally {
    await body.finish();
  }
}

import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event: `event` is undefined for unnamed events. */
export type SseEvent = EventSourceMessage;

/**
 * Server-sent events from decoded text chunks. eventsource-parser handles LF, CRLF and CR line
 * ends, comments (`: keep-alive`), multi-line data and events split across chunks; an event
 * left incomplete at EOF is dropped, as the SSE spec says.
 */
export async function* parseSse(chunks: AsyncIterable<string>): AsyncGenerator<SseEvent> {
  const pending: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  for await (const chunk of chunks) {
    parser.feed(chunk);
    // Indexing instead of shift() keeps a burst of many small events linear.
    for (let i = 0; i < pending.length; i++) yield pending[i] as SseEvent;
    pending.length = 0;
  }
}

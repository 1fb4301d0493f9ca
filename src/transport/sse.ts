import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { MAX_EVENT_CHARS, MAX_EVENT_LINES } from './limits.js';

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
 * reads. An event left incomplete at EOF is dropped, as the SSE spec says. An event that grows
 * past MAX_EVENT_CHARS or MAX_EVENT_LINES throws `tooLarge()`, checked once per read.
 */
export async function* parseSse(
  opening: Promise<BodyReader>,
  tooLarge: () => Error,
): AsyncGenerator<SseEvent[]> {
  const body = await opening;
  try {
    const decoder = new TextDecoder();
    let batch: SseEvent[] = [];
    const parser = createParser({ onEvent: (event) => batch.push(event) });
    let lastText = '';
    // Characters and lines read since an event last completed (give or take the read that
    // completed it), whatever the event is made of: one long line, many data lines, comments.
    // Only a read that completes no event counts its lines: a normal stream never does.
    let charsSinceEvent = 0;
    let linesSinceEvent = 0;
    for (let chunk = await body.read(); chunk !== undefined; chunk = await body.read()) {
      const text = decoder.decode(chunk, { stream: true });
      parser.feed(text);
      if (text !== '') lastText = text;
      if (batch.length === 0) {
        charsSinceEvent += text.length;
        linesSinceEvent += countLineEnds(text);
        if (charsSinceEvent > MAX_EVENT_CHARS || linesSinceEvent > MAX_EVENT_LINES) {
          throw tooLarge();
        }
        continue;
      }
      charsSinceEvent = 0;
      linesSinceEvent = 0;
      const events = batch;
      batch = [];
      yield events;
    }
    const rest = decoder.decode();
    if (rest !== '') parser.feed((lastText = rest));
    // The parser holds a trailing CR back in case an LF follows (CRLF is one line end). At EOF
    // none will: an LF completes the line, so a CR-only stream keeps its last event.
    if (lastText.endsWith('\r')) parser.feed('\n');
    if (batch.length > 0) yield batch;
  } finally {
    await body.finish();
  }
}

/** LF and CR characters (a CRLF counts twice: this is a bound, not a line number). */
function countLineEnds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) count++;
  return count;
}

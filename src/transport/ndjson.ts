import { MAX_EVENT_CHARS } from './limits.js';

/**
 * One JSON value per line (Ollama's `application/x-ndjson`). Blank lines are skipped; a line that
 * is not JSON becomes the error `malformed` builds. A last line without its newline still counts.
 * Only the new chunk is searched for line ends, and a line that grows past MAX_EVENT_CHARS
 * throws `tooLarge()` (checked once per chunk).
 */
export async function* parseNdjson(
  chunks: AsyncIterable<string>,
  malformed: (line: string) => Error,
  tooLarge: () => Error,
): AsyncGenerator<unknown> {
  let partial = '';
  for await (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      const line = (partial + chunk.slice(start, newline)).trim();
      partial = '';
      start = newline + 1;
      if (line) yield parseLine(line, malformed);
    }
    partial += chunk.slice(start);
    if (partial.length > MAX_EVENT_CHARS) throw tooLarge();
  }
  const last = partial.trim();
  if (last) yield parseLine(last, malformed);
}

function parseLine(line: string, malformed: (line: string) => Error): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw malformed(line);
  }
}

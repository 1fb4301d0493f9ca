/**
 * One JSON value per line (Ollama's `application/x-ndjson`). Blank lines are skipped; a line that
 * is not JSON becomes the error `malformed` builds. A last line without its newline still counts.
 */
export async function* parseNdjson(
  chunks: AsyncIterable<string>,
  malformed: (line: string) => Error,
): AsyncGenerator<unknown> {
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield parseLine(line, malformed);
      newline = buffer.indexOf('\n');
    }
  }
  const last = buffer.trim();
  if (last) yield parseLine(last, malformed);
}

function parseLine(line: string, malformed: (line: string) => Error): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw malformed(line);
  }
}

/** One SSE event as a provider writes it: optional `event:` line, one `data:` line, blank line. */
export function sseEvent(data: string, options: { event?: string; lineEnd?: string } = {}): string {
  const end = options.lineEnd ?? '\n';
  return `${options.event ? `event: ${options.event}${end}` : ''}data: ${data}${end}${end}`;
}

/** A JSON line as a named event called by its own `type` field (Anthropic, Cohere framing). */
export function typedSseEvent(line: string): string {
  const { type } = JSON.parse(line) as { type: string };
  return sseEvent(line, { event: type });
}

/** One SSE event as a provider writes it: optional `event:` line, one `data:` line, blank line. */
export function sseEvent(data: string, options: { event?: string; lineEnd?: string } = {}): string {
  const end = options.lineEnd ?? '\n';
  return `${options.event ? `event: ${options.event}${end}` : ''}data: ${data}${end}${end}`;
}

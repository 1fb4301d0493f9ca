/**
 * Headers of a streamed JSON request. The key goes in `keyHeader` (as `Bearer <key>` when that
 * is `authorization`), and not at all when it is '': `apiKey: ''` means "send no auth header",
 * for local servers and gateways that add their own.
 */
export function streamingRequestHeaders(
  apiKey: string,
  keyHeader = 'authorization',
  accept = 'text/event-stream',
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (apiKey) headers[keyHeader] = keyHeader === 'authorization' ? `Bearer ${apiKey}` : apiKey;
  return headers;
}

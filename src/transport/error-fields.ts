// Reading what an error says out of any provider's error body or in-stream error payload.

/** What an error body or payload says, whatever the provider's shape. */
export interface ErrorFields {
  message: string | undefined;
  code: string | undefined;
  type: string | undefined;
  reason: string | undefined;
  retryAfterMs: number | undefined;
  /** An HTTP status the error object names (`{"error":{"code":503}}`: Gemini, OpenRouter). */
  status: number | undefined;
}

/**
 * One reader for every provider's error body: `{error:{message,type,code}}` (OpenAI family,
 * Anthropic, Gemini, OpenRouter), `{error:"..."}` (Ollama, Fireworks), `{message,...}`
 * (Cohere, Cerebras, Mistral, Bedrock), FastAPI `{detail}` (Mistral 422), and Anthropic's
 * shape with the error object under `message` (`{type:"error",message:{type,message}}`, as
 * one popular router sends it).
 */
export function extractErrorFields(body: unknown, rawText: string): ErrorFields {
  const root = asRecord(body);
  const nested = asRecord(root?.error) ?? errorObjectIn(root?.message);
  const source = nested ?? root;
  let message =
    messageText(source?.message) ?? stringOf(source?.Message) ?? messageText(root?.message);
  if (message === undefined && typeof root?.error === 'string') message = root.error;
  if (message === undefined && root?.detail !== undefined) message = messageText(root);
  if (message === undefined && rawText && !root)
    message = rawText.trim().slice(0, 500) || undefined;
  const type = stringOf(source?.type) ?? stringOf(root?.type);
  // Prefer the most specific machine-readable field: a string code, then the type, then a
  // Google RPC status; numeric codes (OpenRouter, Gemini) just repeat the HTTP status.
  const code =
    stringOf(source?.code) ??
    (type && type !== 'error' ? type : undefined) ??
    stringOf(source?.status);
  const details = Array.isArray(source?.details) ? source.details : [];
  let reason: string | undefined;
  let retryAfterMs: number | undefined;
  for (const detail of details) {
    const record = asRecord(detail);
    reason ??= stringOf(record?.reason);
    const delay = stringOf(record?.retryDelay);
    if (delay !== undefined) retryAfterMs ??= parseGoogleDuration(delay);
  }
  const status = typeof source?.code === 'number' ? source.code : undefined;
  const isHttpError = status !== undefined && status >= 400 && status <= 599;
  return { message, code, type, reason, retryAfterMs, status: isHttpError ? status : undefined };
}

/** A `message` that is itself an error object (it has a string `message` or `type`). */
function errorObjectIn(value: unknown): Record<string, unknown> | undefined {
  const record = asRecord(value);
  const looksLikeError = stringOf(record?.message) ?? stringOf(record?.type);
  return looksLikeError === undefined ? undefined : record;
}

/**
 * A message string, or validation details where a message belongs. Mistral's 422 puts FastAPI's
 * `{detail:[{loc, msg}]}` inside `message` (or the list itself, or at the top level); each item
 * reads `body.stream_options: Extra inputs are not permitted`, so the user sees which field.
 */
function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return stringOf(value);
  const detail = Array.isArray(value) ? value : asRecord(value)?.detail;
  if (typeof detail === 'string') return stringOf(detail);
  if (!Array.isArray(detail)) return detail === undefined ? undefined : JSON.stringify(detail);
  const items = detail.map((item) => {
    const record = asRecord(item);
    const msg = stringOf(record?.msg);
    if (msg === undefined) return JSON.stringify(item);
    return Array.isArray(record?.loc) ? `${record.loc.join('.')}: ${msg}` : msg;
  });
  return stringOf(items.join('; '));
}

function parseGoogleDuration(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match?.[1] !== undefined ? Number.parseFloat(match[1]) * 1000 : undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

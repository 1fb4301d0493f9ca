import {
  AuthenticationError,
  ProviderError,
  RateLimitError,
  type ProviderErrorDetails,
  type SynapseKitError,
} from '../errors.js';
import type { ProviderName } from '../types.js';

/** What the transport knows when it turns a provider failure into a typed error. */
export interface ErrorContext {
  provider: ProviderName;
  /** Strings that must never appear in an error (API keys, secrets). */
  secrets: readonly string[];
  /** The env var holding the key, named in authentication errors. */
  apiKeyEnv?: string | undefined;
}

// In-stream errors carry a type but no HTTP status; these are the statuses the providers use
// for the same conditions over HTTP (docs/wire-protocols.md: Status codes), so both paths classify alike.
const STATUS_BY_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  tokens: 429,
  requests: 429,
  api_error: 500,
  server_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
  validationException: 400,
  accessDeniedException: 403,
  throttlingException: 429,
  modelStreamErrorException: 424,
  internalServerException: 500,
  serviceUnavailableException: 503,
  INVALID_ARGUMENT: 400,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

// A 429 with one of these codes means the account is out of money or over a hard cap:
// waiting will not help, so it is not retried.
const QUOTA_CODES = new Set([
  'insufficient_quota',
  'billing_error',
  'enforced_spend_limit_reached',
  'credit_limit',
  'request_quota_exceeded',
]);

/**
 * Build the typed error for a non-2xx response, from its status, headers and body text.
 * `bodyProblem` is why the body is incomplete (it stalled or broke off): the status and
 * headers still say what happened, so it becomes the error's `cause`, not the error.
 */
export function errorFromResponse(
  response: Response,
  text: string,
  context: ErrorContext,
  bodyProblem?: SynapseKitError,
): ProviderError {
  const body = parseJson(text);
  const fields = extractErrorFields(body, text);
  // Bedrock names the error in a header: "ThrottlingException:http://internal.amazon.com/...".
  const amznType = response.headers.get('x-amzn-errortype')?.split(':')[0];
  return buildError(context, {
    status: response.status,
    message: fields.message ?? (response.statusText || undefined),
    code: fields.code ?? amznType,
    reason: fields.reason,
    requestId: requestIdOf(response.headers),
    retryAfterMs: retryAfterFromHeaders(response.headers) ?? fields.retryAfterMs,
    shouldRetry: response.headers.get('x-should-retry'),
    bodyProblem,
  });
}

/**
 * The typed error for a 3xx. Redirects are never followed: every request carries credentials
 * (fetch strips only `Authorization` on a cross-origin hop, not `x-api-key`, `api-key`,
 * `x-goog-api-key` or an AWS session token) and the prompt. Only the target's origin is named:
 * its path or query may hold a token.
 */
export function errorFromRedirect(
  response: Response,
  requestUrl: string,
  context: ErrorContext,
): ProviderError {
  const target = redirectTarget(response.headers.get('location'), requestUrl);
  return new ProviderError(
    `${context.provider} answered HTTP ${response.status}, ${target}. Redirects are not ` +
      'followed, because the request carries your credentials and prompt: if that address is ' +
      'the right one, set baseUrl to it.',
    {
      provider: context.provider,
      status: response.status,
      requestId: requestIdOf(response.headers),
      retryable: false,
    },
  );
}

function redirectTarget(location: string | null, requestUrl: string): string {
  if (location === null) return 'a redirect without a Location';
  try {
    const { origin } = new URL(location, requestUrl);
    const same = origin === new URL(requestUrl).origin;
    return `a redirect to ${origin}${same ? ' (another path on the same server)' : ''}`;
  } catch {
    return 'a redirect to an unreadable Location';
  }
}

/**
 * Build the typed error for an error that arrived inside a 200 stream (an `error` chunk,
 * an `event: error`, an exception frame, an `{"error": ...}` NDJSON line).
 */
export function errorFromPayload(
  payload: unknown,
  context: ErrorContext,
  status?: number,
): ProviderError {
  const fields = extractErrorFields(payload, typeof payload === 'string' ? payload : '');
  const inferred = status ?? statusFromType(fields.code) ?? statusFromType(fields.type);
  return buildError(context, {
    status: inferred,
    message: fields.message,
    code: fields.code ?? fields.type,
    reason: fields.reason,
    retryAfterMs: fields.retryAfterMs,
    inStream: true,
  });
}

interface ErrorFacts {
  status: number | undefined;
  message: string | undefined;
  code: string | undefined;
  reason?: string | undefined;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  shouldRetry?: string | null;
  inStream?: boolean;
  bodyProblem?: SynapseKitError | undefined;
}

function buildError(context: ErrorContext, facts: ErrorFacts): ProviderError {
  const providerMessage = facts.message ? scrubSecrets(facts.message, context.secrets) : undefined;
  const { status, code } = facts;
  const isQuota = code !== undefined && QUOTA_CODES.has(code);
  const isAuth =
    status === 401 ||
    status === 403 ||
    facts.reason === 'API_KEY_INVALID' ||
    code === 'invalid_api_key';
  let retryable = isRetryableStatus(status, facts.inStream === true) && !isQuota && !isAuth;
  // x-should-retry is the server's own verdict and wins over the status rule.
  if (facts.shouldRetry === 'true') retryable = true;
  if (facts.shouldRetry === 'false') retryable = false;

  const details: ProviderErrorDetails = {
    provider: context.provider,
    status,
    providerMessage,
    code,
    requestId: facts.requestId,
    retryable,
    retryAfterMs: facts.retryAfterMs,
    cause: facts.bodyProblem,
  };
  const where = status !== undefined ? `HTTP ${status}` : 'an error';
  const label = facts.inStream
    ? `${context.provider} sent ${where} inside the stream`
    : `${context.provider} returned ${where}${facts.bodyProblem ? ' (its body broke off; see cause)' : ''}`;
  const said = `${label}${code ? ` (${code})` : ''}: ${providerMessage ?? 'no message'}`;

  if (isAuth) {
    const keyHint = context.apiKeyEnv ? ` (apiKey or ${context.apiKeyEnv})` : '';
    return new AuthenticationError(
      `${said}. Check the credentials${keyHint} and that they may use this model.`,
      details,
    );
  }
  if (status === 429) {
    const advice = isQuota
      ? 'The account is out of quota or credit; retrying will not help until it is topped up.'
      : 'Slow down (requestsPerMinute) or let the client retry (maxRetries).';
    return new RateLimitError(`${said}. ${advice}`, details);
  }
  return new ProviderError(`${said}. ${adviceFor(status, retryable)}`, details);
}

function adviceFor(status: number | undefined, retryable: boolean): string {
  if (status === 404) return 'Check the model id, deployment and baseUrl.';
  if (retryable) return 'This is usually temporary: retry (maxRetries) or try again later.';
  if (status !== undefined && status >= 400 && status < 500) {
    return 'The provider rejected the request; check the model id and the call options.';
  }
  return 'See the provider message above.';
}

function isRetryableStatus(status: number | undefined, inStream: boolean): boolean {
  if (status === undefined) return inStream;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function statusFromType(type: string | undefined): number | undefined {
  return type === undefined ? undefined : STATUS_BY_ERROR_TYPE[type];
}

interface ErrorFields {
  message: string | undefined;
  code: string | undefined;
  type: string | undefined;
  reason: string | undefined;
  retryAfterMs: number | undefined;
}

/**
 * One reader for every provider's error body: `{error:{message,type,code}}` (OpenAI family,
 * Anthropic, Gemini, OpenRouter), `{error:"..."}` (Ollama, Fireworks), `{message,...}`
 * (Cohere, Cerebras, Mistral, Bedrock), FastAPI `{detail}` (Mistral 422).
 */
function extractErrorFields(body: unknown, rawText: string): ErrorFields {
  const root = asRecord(body);
  const nested = asRecord(root?.error);
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
  return { message, code, type, reason, retryAfterMs };
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

/**
 * `retry-after-ms` (float ms) wins over `retry-after` (seconds or an HTTP date); negative or
 * unreadable values are ignored. `now` is the wall clock an HTTP date is compared with.
 */
export function retryAfterFromHeaders(
  headers: Headers,
  now: () => number = Date.now,
): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  // An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT") names a month; requiring letters keeps
  // Date.parse from reading junk such as "-1" as a year. A date in the past means "now".
  const date = /[a-z]/i.test(after) ? Date.parse(after) : Number.NaN;
  if (Number.isFinite(date)) return Math.max(0, date - now());
  return undefined;
}

function parseGoogleDuration(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match?.[1] !== undefined ? Number.parseFloat(match[1]) * 1000 : undefined;
}

function requestIdOf(headers: Headers): string | undefined {
  for (const name of [
    'x-request-id',
    'request-id',
    'x-amzn-requestid',
    'apim-request-id',
    'x-generation-id',
    'cf-ray',
  ]) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** Replace every occurrence of a secret with `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short strings would redact ordinary words; real keys are long.
    if (secret.length >= 6) result = result.split(secret).join('[redacted]');
  }
  return result;
}

function parseJson(text: string): unknown {
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

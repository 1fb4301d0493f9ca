import {
  AuthenticationError,
  ProviderError,
  RateLimitError,
  type ProviderErrorDetails,
  type SynapseKitError,
} from '../errors.js';
import type { ProviderName } from '../types.js';
import { extractErrorFields, parseJson } from './error-fields.js';
import { scrubSecrets } from './secrets.js';

/** What the transport knows when it turns a provider failure into a typed error. */
export interface ErrorContext {
  provider: ProviderName;
  /** Strings that must never appear in an error (API keys, secrets). */
  secrets: readonly string[];
  /** The env var holding the key, named in authentication errors. */
  apiKeyEnv?: string | undefined;
}

// In-stream errors carry a type but no HTTP status; these are the statuses the providers use
// for the same conditions over HTTP (docs/wire-protocols.md: Status codes), so both paths classify
// alike. The status is only implied: the error reports none it was not sent.
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
  // Cohere's finish reasons for a generation that failed.
  ERROR: 500,
  TIMEOUT: 504,
};

// A 429 with one of these codes means the account is out of money or over a hard cap:
// waiting will not help, so it is not retried (unless the response says otherwise, see
// isExhaustedQuota).
const QUOTA_CODES = new Set([
  'insufficient_quota',
  'billing_error',
  'enforced_spend_limit_reached',
  'credit_limit',
  'request_quota_exceeded',
]);

/**
 * Build the typed error for an HTTP error response, from its status, headers and body text;
 * or for a 2xx JSON answer to a streaming request (gateways send their errors that way).
 * `bodyProblem` is why the body is incomplete (it stalled or broke off): the status and
 * headers still say what happened, so it becomes the error's `cause`, not the error.
 */
export function errorFromResponse(
  response: Response,
  body: string,
  context: ErrorContext,
  bodyProblem?: SynapseKitError,
): ProviderError {
  // Scrubbed before anything is cut from it, so a key across a cut leaves no piece behind.
  const text = scrubSecrets(body, context.secrets);
  const fields = extractErrorFields(parseJson(text), text);
  const { headers, status } = response;
  // Bedrock names the error in a header: "ThrottlingException:http://internal.amazon.com/...".
  const code = fields.code ?? headers.get('x-amzn-errortype')?.split(':')[0];
  const facts = {
    code,
    reason: fields.reason,
    requestId: requestIdOf(headers),
    retryAfterMs: retryAfterFromHeaders(headers) ?? fields.retryAfterMs,
    shouldRetry: headers.get('x-should-retry'),
    limitResets: limitResetsSoon(headers),
    cause: bodyProblem,
  };
  if (!response.ok) {
    const brokeOff = bodyProblem ? ' (its body broke off; see cause)' : '';
    return buildError(context, {
      ...facts,
      arrival: `${context.provider} returned HTTP ${status}${brokeOff}`,
      status,
      message: fields.message ?? (response.statusText || undefined),
    });
  }
  if (fields.message === undefined && code === undefined) return notAStream(status, text, context);
  return buildError(context, {
    ...facts,
    arrival: `${context.provider} answered HTTP ${status} with a JSON error instead of a stream`,
    status: fields.status,
    impliedStatus: statusFromType(code) ?? statusFromType(fields.type),
    message: fields.message,
  });
}

/** A 2xx JSON answer that is not an error either: the server ignored `stream: true`. `text` is scrubbed. */
function notAStream(status: number, text: string, context: ErrorContext): ProviderError {
  const snippet = text.length > 120 ? `${text.slice(0, 120)}...` : text;
  return new ProviderError(
    `${context.provider} answered HTTP ${status} with JSON instead of a stream: ${snippet}. ` +
      'The server ignored `stream: true`, or baseUrl is not a streaming chat endpoint.',
    { provider: context.provider, retryable: false },
  );
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
    `${context.provider} answered HTTP ${response.status}, ${scrubSecrets(target, context.secrets)}. ` +
      'Redirects are not followed, because the request carries your credentials and prompt: if ' +
      'that address is the right one, set baseUrl to it.',
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
 * an `event: error`, an exception frame, an `{"error": ...}` NDJSON line). Its status is
 * the one the payload names (Gemini's `error.code`), if any; its type implies the rest.
 */
export function errorFromPayload(payload: unknown, context: ErrorContext): ProviderError {
  const text = typeof payload === 'string' ? scrubSecrets(payload, context.secrets) : '';
  const fields = extractErrorFields(typeof payload === 'string' ? text : payload, text);
  return buildError(context, {
    arrival:
      fields.status === undefined
        ? `${context.provider} sent an error inside the stream`
        : `${context.provider} sent HTTP ${fields.status} inside the stream`,
    status: fields.status,
    impliedStatus: statusFromType(fields.code) ?? statusFromType(fields.type),
    message: fields.message,
    code: fields.code ?? fields.type,
    reason: fields.reason,
    retryAfterMs: fields.retryAfterMs,
  });
}

interface ErrorFacts {
  /** How the error reached us: the start of its message, e.g. "openai returned HTTP 503". */
  arrival: string;
  /** The HTTP status the provider sent, in the response or in its error payload. */
  status: number | undefined;
  /** The status the provider uses for this error type over HTTP, when it sent none. */
  impliedStatus?: number | undefined;
  message: string | undefined;
  code: string | undefined;
  reason?: string | undefined;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  shouldRetry?: string | null;
  /** The rate-limit headers say the limit resets soon (see isExhaustedQuota). */
  limitResets?: boolean;
  cause?: SynapseKitError | undefined;
}

function buildError(context: ErrorContext, facts: ErrorFacts): ProviderError {
  // Every field the provider sent may echo a key (OpenAI quotes part of a bad one).
  const scrub = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : scrubSecrets(text, context.secrets);
  const providerMessage = scrub(facts.message);
  const code = scrub(facts.code);
  const { status } = facts;
  const classifyAs = status ?? facts.impliedStatus;
  const isQuota = isExhaustedQuota(code, providerMessage, facts.limitResets === true);
  const isAuth =
    classifyAs === 401 ||
    classifyAs === 403 ||
    facts.reason === 'API_KEY_INVALID' ||
    code === 'invalid_api_key';
  let retryable = isRetryableStatus(classifyAs) && !isQuota && !isAuth;
  // x-should-retry is the server's own verdict and wins over the status rule.
  if (facts.shouldRetry === 'true') retryable = true;
  if (facts.shouldRetry === 'false') retryable = false;

  const details: ProviderErrorDetails = {
    provider: context.provider,
    status,
    providerMessage,
    code,
    requestId: scrub(facts.requestId),
    retryable,
    retryAfterMs: facts.retryAfterMs,
    cause: facts.cause,
  };
  const said = sentence(
    `${facts.arrival}${code ? ` (${code})` : ''}: ${providerMessage?.trimEnd() ?? 'no message'}`,
  );

  if (isAuth) {
    const keyHint = context.apiKeyEnv ? ` (apiKey or ${context.apiKeyEnv})` : '';
    return new AuthenticationError(
      `${said} Check the credentials${keyHint} and that they may use this model.`,
      details,
    );
  }
  if (classifyAs === 429) {
    const advice = isQuota
      ? 'The account is out of quota or credit; retrying will not help until it is topped up.'
      : 'Slow down (requestsPerMinute) or let the client retry (maxRetries).';
    return new RateLimitError(`${said} ${advice}`, details);
  }
  return new ProviderError(`${said} ${adviceFor(classifyAs, retryable)}`, details);
}

/** End with a period unless the text already ends a sentence ("...api-keys." gets no second). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Whether a quota code means waiting will not help. Together sends `credit_limit` for its
 * ordinary per-minute limits ("You have been rate limited. Your rate limit is 60 queries per
 * minute. Please navigate to .../settings/billing to upgrade"), so the code alone does not
 * decide: the message does (links left out: they name billing pages either way), then the
 * rate-limit headers; only when neither says "temporary" is the quota exhausted.
 */
function isExhaustedQuota(
  code: string | undefined,
  message: string | undefined,
  limitResets: boolean,
): boolean {
  if (code === undefined || !QUOTA_CODES.has(code)) return false;
  const words = message?.replace(/https?:\/\/\S+/g, '') ?? '';
  if (/\brate[ -]?limit|\bper (second|minute)\b/i.test(words)) return false;
  return !limitResets;
}

/**
 * Rate-limit headers that say the limit resets soon: a `retry-after(-ms)`, or an
 * `x-ratelimit-remaining*` counter at 0. Other counters and reset times come with every
 * response (OpenAI sends them with `insufficient_quota` too), so they say nothing here.
 */
function limitResetsSoon(headers: Headers): boolean {
  if (headers.has('retry-after') || headers.has('retry-after-ms')) return true;
  let exhausted = false;
  headers.forEach((value, name) => {
    if (name.startsWith('x-ratelimit-remaining') && value.trim() === '0') exhausted = true;
  });
  return exhausted;
}

function adviceFor(status: number | undefined, retryable: boolean): string {
  if (status === 404) return 'Check the model id, deployment and baseUrl.';
  if (retryable) return 'This is usually temporary: retry (maxRetries) or try again later.';
  if (status !== undefined && status >= 400 && status < 500) {
    return 'The provider rejected the request; check the model id and the call options.';
  }
  return 'See the provider message above.';
}

/** Retry what can succeed later; an error of unknown kind (in-stream, no type) may. */
function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function statusFromType(type: string | undefined): number | undefined {
  return type === undefined ? undefined : STATUS_BY_ERROR_TYPE[type];
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

import type { ProviderName } from './types.js';

/** The root of every error this library throws. */
export class SynapseKitError extends Error {
  #attempts: readonly SynapseKitError[] = [];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * Every attempt's error, oldest first, when the call was retried (see `maxRetries`); the
   * error itself is the last entry. A getter, so logging the error as JSON cannot loop.
   */
  get attempts(): readonly SynapseKitError[] {
    return this.#attempts.length > 0 ? this.#attempts : [this];
  }

  /** @internal Set by the retry loop once the call has given up. */
  recordAttempts(attempts: readonly SynapseKitError[]): this {
    this.#attempts = [...attempts];
    return this;
  }

  /** Whether trying the same request again could succeed. */
  get retryable(): boolean {
    return false;
  }
}

/** Bad configuration or bad input, found before any network call. */
export class ConfigError extends SynapseKitError {
  /** The option or argument at fault, e.g. `temperature` or `messages[1].role`. */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** What a provider's error response told us, normalised across providers. */
export interface ProviderErrorDetails {
  provider: ProviderName;
  /** HTTP status, or undefined when no response arrived (connection error) or for in-stream errors. */
  status?: number | undefined;
  /** The provider's own message, API keys removed. */
  providerMessage?: string | undefined;
  /** The provider's error type or code, e.g. `insufficient_quota`, `overloaded_error`. */
  code?: string | undefined;
  requestId?: string | undefined;
  retryable: boolean;
  /** Server-requested wait before retrying, from retry-after(-ms) or Gemini RetryInfo. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** The provider answered with an error (or the connection to it failed). */
export class ProviderError extends SynapseKitError {
  readonly provider: ProviderName;
  readonly status: number | undefined;
  readonly providerMessage: string | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly #retryable: boolean;

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, { cause: details.cause });
    this.provider = details.provider;
    this.status = details.status;
    this.providerMessage = details.providerMessage;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.#retryable = details.retryable;
  }

  override get retryable(): boolean {
    return this.#retryable;
  }
}

/** The API key or credentials were refused (401/403). Never retried. */
export class AuthenticationError extends ProviderError {}

/** The provider rate-limited the call (429). `retryAfterMs` says how long it asked us to wait. */
export class RateLimitError extends ProviderError {}

/** No connection could be made, or it broke before the provider answered. */
export class ConnectionError extends ProviderError {}

/** No response headers, or no stream data, arrived within `timeout` seconds. */
export class TimeoutError extends SynapseKitError {
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number) {
    super(message);
    this.timeoutMs = timeoutMs;
  }

  override get retryable(): boolean {
    return true;
  }
}

/** The caller's `signal` aborted the call. */
export class AbortError extends SynapseKitError {
  constructor(message = 'The call was aborted by its AbortSignal.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The stream failed after text had already reached the caller, so it cannot be retried
 * transparently. `partialText` holds what was delivered; `cause` holds the underlying error.
 */
export class StreamInterruptedError extends SynapseKitError {
  readonly partialText: string;

  constructor(partialText: string, cause: SynapseKitError) {
    super(
      `The stream failed after ${partialText.length} characters had been delivered: ${cause.message} ` +
        'The partial text is in `partialText`; call again (or use generate(), which retries from scratch) for a full answer.',
      { cause },
    );
    this.partialText = partialText;
  }

  override get retryable(): boolean {
    return false;
  }
}

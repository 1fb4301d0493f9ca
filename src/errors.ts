import type { LLMResponse } from './events.js';
import type { ProviderName } from './types.js';

/**
 * The root of every error this library throws, so one `instanceof` check catches them all.
 *
 * @example
 * ```ts
 * try {
 *   await llm.generate('Hello');
 * } catch (error) {
 *   if (error instanceof RateLimitError) console.error('retry after', error.retryAfterMs, 'ms');
 *   else if (error instanceof SynapseKitError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 *
 * @category Errors
 */
export class SynapseKitError extends Error {
  #attempts: readonly SynapseKitError[] = [];

  /**
   * Usually thrown by the library; construct one yourself in tests or wrappers.
   *
   * @param message What went wrong and what to do next.
   * @param options `cause`: the underlying error.
   */
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

/**
 * Bad configuration or bad input, found before any network call.
 *
 * @category Errors
 */
export class ConfigError extends SynapseKitError {
  /** The option or argument at fault, e.g. `temperature` or `messages[1].role`. */
  readonly field: string | undefined;

  /**
   * Usually thrown by the library; construct one yourself in tests or wrappers.
   *
   * @param message What is wrong and what is allowed.
   * @param field The option or argument at fault.
   */
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/**
 * What a provider's error response told us, normalised across providers.
 *
 * @category Errors
 */
export interface ProviderErrorDetails {
  /** The provider that answered (or was being called). */
  provider: ProviderName;
  /**
   * The HTTP status the provider sent. An error inside a stream has one only when its payload
   * names it (Gemini's `error.code`); it is classified by its type all the same (Anthropic
   * `overloaded_error` is retried like a 529). Undefined when no response arrived.
   */
  status?: number | undefined;
  /** The provider's own message, API keys removed. */
  providerMessage?: string | undefined;
  /** The provider's error type or code, e.g. `insufficient_quota`, `overloaded_error`. */
  code?: string | undefined;
  /** The provider's request id from the response headers (`x-request-id` ...), for support. */
  requestId?: string | undefined;
  /** Whether trying the same request again could succeed. */
  retryable: boolean;
  /** Server-requested wait before retrying, from retry-after(-ms) or Gemini RetryInfo. */
  retryAfterMs?: number | undefined;
  /** The underlying error, e.g. the network failure. */
  cause?: unknown;
}

/**
 * The provider answered with an error (HTTP or inside the stream), or the connection to it
 * failed. The subclasses name the common cases; the message says what to do next and never
 * contains an API key.
 *
 * @category Errors
 */
export class ProviderError extends SynapseKitError {
  /** The provider that answered (or was being called). */
  readonly provider: ProviderName;
  /**
   * The HTTP status the provider sent; for an error inside a stream, only when its payload
   * names one. Undefined when no response arrived.
   */
  readonly status: number | undefined;
  /** The provider's own error message, API keys removed. */
  readonly providerMessage: string | undefined;
  /** The provider's error type or code, e.g. `insufficient_quota`, `overloaded_error`. */
  readonly code: string | undefined;
  /** The provider's request id from the response headers, for support tickets. */
  readonly requestId: string | undefined;
  /** How long the provider asked us to wait before retrying, in milliseconds, if it said. */
  readonly retryAfterMs: number | undefined;
  readonly #retryable: boolean;

  /**
   * Usually thrown by the library; construct one yourself in tests or wrappers.
   *
   * @param message What went wrong and what to do next (no API key).
   * @param details What the provider's response said, normalised.
   */
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

/**
 * The API key or credentials were refused (401/403, or an invalid-key code such as Gemini's
 * `API_KEY_INVALID`), or a Bedrock `credentialProvider` failed. Never retried.
 *
 * @category Errors
 */
export class AuthenticationError extends ProviderError {}

/**
 * The provider rate-limited the call (429). `retryAfterMs` says how long it asked us to wait;
 * `retryable` is false when the quota or credit is exhausted (waiting will not help).
 *
 * @category Errors
 */
export class RateLimitError extends ProviderError {}

/**
 * No connection could be made, it broke mid-stream, the stream was corrupt (a chunk that is not
 * valid JSON), or the stream ended before the provider's end-of-response signal. Retryable.
 *
 * @category Errors
 */
export class ConnectionError extends ProviderError {}

/**
 * No response headers, or no stream data, arrived within `timeout` seconds.
 *
 * @category Errors
 */
export class TimeoutError extends SynapseKitError {
  /** The `timeout` that ran out, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Usually thrown by the library; construct one yourself in tests or wrappers.
   *
   * @param message What was awaited, and what to do next.
   * @param timeoutMs The timeout that ran out, in milliseconds.
   */
  constructor(message: string, timeoutMs: number) {
    super(message);
    this.timeoutMs = timeoutMs;
  }

  override get retryable(): boolean {
    return true;
  }
}

/**
 * The caller's `signal` aborted the call.
 *
 * @category Errors
 */
export class AbortError extends SynapseKitError {
  /**
   * Usually thrown by the library; construct one yourself in tests or wrappers.
   *
   * @param message Default: 'The call was aborted by its AbortSignal.'
   * @param options `cause`: the signal's abort reason.
   */
  constructor(message = 'The call was aborted by its AbortSignal.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The stream failed after output had already reached the caller, so it cannot be retried
 * transparently. `partialText` holds the text delivered; `partial` the whole response so far
 * (reasoning and tool calls too); `cause` the underlying error.
 *
 * @category Errors
 */
export class StreamInterruptedError extends SynapseKitError {
  /** The text already delivered to the caller before the failure. */
  readonly partialText: string;
  /** The response so far: text, reasoning, complete tool calls and the assistant message. */
  readonly partial: LLMResponse | undefined;

  /**
   * Thrown by `stream` and `streamEvents` when a failure follows delivered output.
   *
   * @param partialText The text delivered before the failure.
   * @param cause The error that ended the stream.
   * @param partial The response so far, when known.
   */
  constructor(partialText: string, cause: SynapseKitError, partial?: LLMResponse) {
    super(
      `The stream failed after ${partialText.length} characters had been delivered: ${cause.message} ` +
        'The partial answer is in `partialText` and `partial`; call again (or use generate(), which retries from scratch) for a full answer.',
      { cause },
    );
    this.partialText = partialText;
    this.partial = partial;
  }

  override get retryable(): boolean {
    return false;
  }
}

/**
 * The budget's cap for the current period is spent: the call was refused before any request.
 * It resumes when the next period starts (`resetsAt`), or when the cap is raised.
 *
 * @category Errors
 */
export class BudgetExceededError extends SynapseKitError {
  /** What the period has cost so far, in US dollars. */
  readonly spentUsd: number;
  /** The cap, in US dollars per period. */
  readonly limitUsd: number;
  /** The budget's period. */
  readonly period: 'hour' | 'day' | 'month' | 'total';
  /** The budget's key, when it has one. */
  readonly key: string | undefined;
  /** When the next period starts; null for `period: 'total'`. */
  readonly resetsAt: Date | null;

  /**
   * Thrown by a call when its budget is spent.
   *
   * @param details The budget and its state.
   */
  constructor(details: {
    /** What the period has cost so far. */
    spentUsd: number;
    /** The cap per period. */
    usd: number;
    /** The budget's period. */
    period: 'hour' | 'day' | 'month' | 'total';
    /** The budget's key. */
    key?: string | undefined;
    /** When the next period starts. */
    resetsAt: Date | null;
  }) {
    const name = details.key === undefined ? 'The budget' : `The budget '${details.key}'`;
    const per = details.period === 'total' ? 'in total' : `per ${details.period}`;
    const resume =
      details.resetsAt === null
        ? 'Raise budget.usd to make more calls.'
        : `Calls resume at ${details.resetsAt.toISOString()}, or raise budget.usd.`;
    super(
      `${name} of $${details.usd} ${per} is spent ($${round(details.spentUsd)} so far); the call was not sent. ${resume}`,
    );
    this.spentUsd = details.spentUsd;
    this.limitUsd = details.usd;
    this.period = details.period;
    this.key = details.key;
    this.resetsAt = details.resetsAt;
  }
}

/**
 * Every model of a router is cooling down after repeated failures, so the call was not sent.
 * `retryAfterMs` says when the first one is tried again.
 *
 * @category Errors
 */
export class NoModelAvailableError extends SynapseKitError {
  /** Milliseconds until the first model's cooldown ends. */
  readonly retryAfterMs: number;

  /**
   * Thrown by a router call when every model is cooling down.
   *
   * @param models The models, as `provider:model`.
   * @param retryAfterMs Milliseconds until the first cooldown ends.
   */
  constructor(models: readonly string[], retryAfterMs: number) {
    super(
      `Every model of the router is cooling down after repeated failures (${models.join(', ')}); ` +
        `the call was not sent. The first is tried again in ${Math.ceil(retryAfterMs / 1000)} s; ` +
        "see error.attempts of the earlier calls for what failed, or adjust the router's cooldown.",
    );
    this.retryAfterMs = retryAfterMs;
  }

  /** Waiting for the cooldown can help. */
  override get retryable(): boolean {
    return true;
  }
}

/** Dollars as a person reads them: up to six significant digits. */
function round(usd: number): string {
  return String(Number(usd.toPrecision(6)));
}

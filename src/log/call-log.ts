import { ProviderError, type SynapseKitError } from '../errors.js';
import { redactUrl } from '../secrets.js';
import { scrubSecrets } from '../transport/secrets.js';
import type { ProviderName, Usage } from '../types.js';
import type { Logger } from './logger.js';

/** What every line of one call names. */
export interface CallLogContext {
  provider: ProviderName;
  model: string;
  /** Strings no line may contain (the API key, header values). */
  secrets: readonly string[];
}

/**
 * The debug log of one call: one line per request, retry (with the delay and why), cache hit,
 * rate-limit wait and response (status, milliseconds, tokens). Built only when debug lines
 * are wanted (`SYNAPSEKIT_LOG=debug` or a `logger` in the config); never per chunk.
 */
export class CallLog {
  readonly #logger: Logger;
  readonly #context: CallLogContext;
  #attempt = 1;
  /** When this attempt's request was sent; undefined until then. */
  #sentAt: number | undefined;
  #status: number | undefined;

  constructor(logger: Logger, context: CallLogContext) {
    this.#logger = logger;
    this.#context = context;
  }

  attemptStarted(attempt: number): void {
    this.#attempt = attempt;
    this.#sentAt = undefined;
    this.#status = undefined;
  }

  rateLimitWaited(ms: number): void {
    this.#line(`rate-limit wait ${Math.round(ms)} ms before ${this.#subject()}`);
  }

  request(url: string): void {
    this.#sentAt = performance.now();
    this.#line(
      `request ${this.#context.provider} POST ${urlForLogs(url, this.#context.secrets)} ` +
        `(model ${this.#context.model}, attempt ${this.#attempt})`,
    );
  }

  response(status: number): void {
    this.#status = status;
  }

  attemptSucceeded(usage: Usage | undefined): void {
    const tokens = usage?.reported
      ? `${usage.input} input + ${usage.output} output tokens`
      : 'no token usage reported';
    this.#line(
      `response ${this.#context.provider} ${this.#status ?? 'OK'} ${this.#took()}: ${tokens}`,
    );
  }

  attemptFailed(error: SynapseKitError): void {
    const status = this.#status ?? (error instanceof ProviderError ? error.status : undefined);
    const outcome =
      this.#sentAt === undefined
        ? `failed before its request (attempt ${this.#attempt})`
        : `${status ?? 'failed'} ${this.#took()}`;
    this.#line(`response ${this.#context.provider} ${outcome}: ${this.#why(error)}`);
  }

  retrying(error: SynapseKitError, nextAttempt: number, delayMs: number): void {
    this.#line(
      `retry ${this.#subject()}: attempt ${nextAttempt} in ${Math.round(delayMs)} ms, after ${this.#why(error)}`,
    );
  }

  cacheHit(): void {
    this.#line(`cache hit for ${this.#subject()}: answered without a request`);
  }

  #subject(): string {
    return `${this.#context.provider} ${this.#context.model}`;
  }

  #took(): string {
    const ms = this.#sentAt === undefined ? 0 : performance.now() - this.#sentAt;
    return `in ${Math.round(ms)} ms (attempt ${this.#attempt})`;
  }

  /** The error's class and message on one line (errors never hold a secret; scrubbed again anyway). */
  #why(error: SynapseKitError): string {
    const message = scrubSecrets(error.message, this.#context.secrets).replace(/\s+/g, ' ');
    return `${error.name}: ${message}`;
  }

  #line(text: string): void {
    this.#logger.debug(`synapsekit: ${text}`);
  }
}

/** Query parameters that carry credentials in some gateways' URLs (`?key=`, `?api_key=`...). */
const SECRET_QUERY_PARAMETER =
  /^(key|api[-_]?key|apikey|token|access[-_]?token|sig|signature|secret|password|auth)$/i;

/**
 * A URL as a log line shows it: no `user:password@`, no secret the instance knows, and the
 * values of credential-looking query parameters replaced.
 */
export function urlForLogs(url: string, secrets: readonly string[]): string {
  const scrubbed = scrubSecrets(redactUrl(url), secrets);
  const query = scrubbed.indexOf('?');
  if (query === -1) return scrubbed;
  const parameters = scrubbed
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      return SECRET_QUERY_PARAMETER.test(decodeURIComponentSafe(name))
        ? `${name}=[redacted]`
        : pair;
    });
  return `${scrubbed.slice(0, query)}?${parameters.join('&')}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

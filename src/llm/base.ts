import { createCacheBackend } from '../cache/backend.js';
import { cacheKey } from '../cache/key.js';
import { ResponseCache } from '../cache/response-cache.js';
import { LLMConfig, type LLMConfigOptions } from '../config.js';
import {
  AbortError,
  ConfigError,
  ConnectionError,
  ProviderError,
  StreamInterruptedError,
  SynapseKitError,
} from '../errors.js';
import {
  requireRateLimitBackend,
  sharedRateLimits,
  type RateLimiter,
} from '../rate-limit/registry.js';
import { scrubbedCause, scrubSecrets } from '../transport/secrets.js';
import { HttpClient } from '../transport/http.js';
import type { CallOptions, FinishInfo, Message, ProviderName, Usage } from '../types.js';
import { checkCallOptions, checkPrompt, resolveApiKey, withBaseUrlFromEnv } from './inputs.js';
import { validateMessages, withSystemPrompt } from './messages.js';
import { retryDelayFor, sleep } from './retry.js';
import { secretsToScrub } from '../secrets.js';

/**
 * What a provider class tells the base about itself (the second argument of `super`).
 *
 * @category Writing a provider
 */
export interface ProviderSpec {
  /** The provider it speaks for; a config with another explicit `provider` is refused. */
  name: ProviderName;
  /** The env var read when `apiKey` is omitted; undefined for providers without keys. */
  apiKeyEnv: string | undefined;
  /** Whether a missing key is a ConfigError (Ollama and Bedrock need none). */
  apiKeyRequired: boolean;
  /**
   * Request-body fields the provider sets itself (e.g. `model`, `messages`): an `extraBody`
   * naming one is a ConfigError before any request, as is `stream` for every provider.
   */
  ownedBodyFields?: readonly string[] | undefined;
  /**
   * The env var the provider's official SDK reads for its base URL (OPENAI_BASE_URL,
   * ANTHROPIC_BASE_URL...), used when the config has no `baseUrl`. `appendPath` is added when
   * that SDK's base stops short of ours (Groq's is the host; ours ends in `/openai/v1`).
   */
  baseUrlEnv?:
    | {
        /** The variable's name. */
        name: string;
        /** Added to the variable's value, e.g. `/openai/v1`. */
        appendPath?: string;
      }
    | undefined;
}

/**
 * One call, resolved: what a provider turns into its wire request.
 *
 * @category Writing a provider
 */
export interface ProviderCall {
  /** The model id from the config. */
  model: string;
  /** Validated; the system prompt is already in place (first, when there is one). */
  messages: Message[];
  /** Undefined when nothing should be sent (model rejects sampling and none was asked for). */
  temperature: number | undefined;
  /** The output-token limit: the call's, else the config's. */
  maxTokens: number;
  /** Undefined unless the call gave one. */
  topP?: number | undefined;
  /** Undefined unless the call gave some. */
  stop?: string[] | undefined;
  /** Provider-specific fields, merged into the request body last. */
  extraBody?: Record<string, unknown> | undefined;
}

/**
 * The finish reason of a response that ended normally without the provider saying why (a
 * Chat Completions `[DONE]` after no `finish_reason`): reported as such, never guessed.
 */
export const UNKNOWN_FINISH_REASON = 'unknown';

/**
 * What a provider streams back: text deltas, its usage report (the last one of an attempt
 * wins), and exactly one `finish` when the provider's end-of-response signal arrives. A stream
 * that ends without `finish` is a retryable `ConnectionError`.
 *
 * @category Writing a provider
 */
export type StreamPart =
  | {
      /** A piece of the answer. */
      type: 'text';
      /** The text delta. */
      text: string;
    }
  | {
      /** The provider's token counts. */
      type: 'usage';
      /** Counts as the provider reported them, `reported: true`. */
      usage: Usage;
    }
  | {
      /** The provider said the response is complete. */
      type: 'finish';
      /** The provider's own finish reason; UNKNOWN_FINISH_REASON when it sent none. */
      reason: string;
    };

/**
 * The one pipeline every provider shares: validation, system prompt, response cache, retries,
 * rate limiting, usage accounting, abort and timeouts live here once. Every provider class
 * extends it, so the methods below work the same for all fifteen providers.
 *
 * To add a provider, extend it and implement `endpoint` and `streamParts`: messages and
 * options in, an async stream of text/usage/finish parts out.
 *
 * @example
 * ```ts
 * const llm = createLLM({ model: 'gpt-4o-mini' });
 * for await (const text of llm.stream('Write a haiku about TypeScript.')) {
 *   process.stdout.write(text);
 * }
 * const answer = await llm.generate('What is the capital of France?', { temperature: 0 });
 * await llm.close();
 * ```
 *
 * @category Core
 */
export abstract class BaseLLM {
  /** The resolved configuration (its `provider` is this class's provider). */
  readonly config: LLMConfig;
  readonly #spec: ProviderSpec;
  readonly #apiKey: string;
  /** The key and the extra header values: never in an error message. */
  readonly #secrets: readonly string[];
  /** Undefined when `cache` is off. */
  readonly #cache: ResponseCache | undefined;
  #inputTokens = 0;
  #outputTokens = 0;
  /** This instance's hold on the shared bucket; taken on the first attempt (see #runLive). */
  #rateLimiter: RateLimiter | undefined;
  /** Set by close(): later calls are refused rather than reopening what close() released. */
  #closed = false;

  /**
   * Called by provider classes as `super(config, spec)`.
   *
   * @param config An {@link LLMConfig} or its options.
   * @param spec Which provider this is and where its API key comes from.
   * @throws ConfigError for a bad config, a config naming another provider, or a missing key.
   */
  constructor(config: LLMConfig | LLMConfigOptions, spec: ProviderSpec) {
    const resolved = config instanceof LLMConfig ? config : new LLMConfig(config);
    if (resolved.providerExplicit && resolved.provider !== spec.name) {
      throw new ConfigError(
        `${new.target.name} speaks the '${spec.name}' protocol but the config says provider '${resolved.provider}'. ` +
          'Use createLLM(config) to pick the class from the provider, or drop the provider option.',
        'provider',
      );
    }
    this.config = withBaseUrlFromEnv(
      resolved.provider === spec.name
        ? resolved
        : new LLMConfig({ ...resolved.toOptions(), provider: spec.name }),
      spec.baseUrlEnv,
    );
    this.#spec = spec;
    this.#apiKey = resolveApiKey(this.config.apiKey, spec, this.config);
    this.#secrets = secretsToScrub(this.#apiKey, this.config.requestHeaders());
    requireRateLimitBackend(this.config);
    this.#cache = this.config.cache
      ? new ResponseCache(createCacheBackend(this.config))
      : undefined;
  }

  /** The provider's resolved endpoint URL, without secrets (cache keys, rate-limit buckets, errors). */
  abstract get endpoint(): string;

  /**
   * Translate one call into the provider's wire protocol and stream back its parts. Built-in
   * providers return their parser's generator, handing it the pending `http.post(...)`,
   * rather than delegating with `yield*`: each generator layer costs time on every text piece.
   */
  protected abstract streamParts(call: ProviderCall, http: HttpClient): AsyncIterable<StreamPart>;

  /** Whether the default temperature is sent; models that reject sampling parameters say no. */
  protected sendsDefaultTemperature(_model: string): boolean {
    return true;
  }

  /**
   * Non-secret settings that change the answer but are not in `endpoint` (e.g. a Bedrock region
   * when `baseUrl` points at a proxy); part of the cache key. Never return a secret here.
   */
  protected cacheKeyOptions(): Record<string, unknown> {
    return {};
  }

  /**
   * The API key in use; '' means "send no auth header". A method, not a getter or a field, so
   * `console.log(llm)` and `util.inspect(llm, { showHidden: true, getters: true })` never show it.
   */
  protected apiKey(): string {
    return this.#apiKey;
  }

  /**
   * Secrets that must never appear in an error message: the key and every extra header value.
   * Providers with other secrets add them.
   */
  protected secrets(): readonly string[] {
    return this.#secrets;
  }

  /**
   * Stream the answer to one user prompt (the config's `systemPrompt` goes first). Text pieces
   * are yielded as they arrive. Retries happen only until the first piece reached you; a later
   * failure is a `StreamInterruptedError` carrying the partial text.
   *
   * @example
   * ```ts
   * for await (const text of llm.stream('Explain SSE in two sentences.')) {
   *   process.stdout.write(text);
   * }
   * ```
   */
  stream(prompt: string, options?: CallOptions): AsyncIterable<string> {
    return this.streamWithMessages([{ role: 'user', content: checkPrompt(prompt) }], options);
  }

  /**
   * The whole answer to one user prompt: the joined `stream`. A stream that fails midway is
   * retried from scratch (see `maxRetries`), so the text is never duplicated.
   *
   * @example
   * ```ts
   * const answer = await llm.generate('What is the capital of France?', { temperature: 0 });
   * ```
   */
  generate(prompt: string, options?: CallOptions): Promise<string> {
    return this.generateWithMessages([{ role: 'user', content: checkPrompt(prompt) }], options);
  }

  /**
   * Stream the answer to a conversation. A system message in the list wins over the config's
   * `systemPrompt`; without one, `systemPrompt` goes first. Bad input throws a `ConfigError`
   * here, before any request.
   */
  streamWithMessages(messages: Message[], options: CallOptions = {}): AsyncIterable<string> {
    const call = this.#prepare(messages, options);
    return this.#run(call, options, 'stream');
  }

  /** The joined stream; a stream that fails midway is retried from scratch (see `maxRetries`). */
  async generateWithMessages(messages: Message[], options: CallOptions = {}): Promise<string> {
    const call = this.#prepare(messages, options);
    let text = '';
    for await (const piece of this.#run(call, options, 'generate')) text += piece;
    return text;
  }

  /**
   * Tokens billed to this instance so far, as the provider reported them, every attempt
   * included. Cache hits add nothing.
   */
  get tokensUsed(): {
    /** Prompt tokens, cached ones included. */
    input: number;
    /** Output tokens, reasoning included. */
    output: number;
  } {
    return { input: this.#inputTokens, output: this.#outputTokens };
  }

  /** Cache statistics, or undefined when caching is off. */
  get cacheStats():
    | {
        /** Calls answered without a request of their own (stored, or joined to one in flight). */
        hits: number;
        /** Calls that went to the provider. */
        misses: number;
        /** Entries stored (Redis: as counted at this instance's last cache operation). */
        size: number;
      }
    | undefined {
    return this.#cache?.stats;
  }

  /**
   * Release pooled resources (cache and rate-limit connections). Safe to call twice. Calls
   * made afterwards throw a `ConfigError`: build a new instance for more calls.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#cache?.close();
    const limiter = this.#rateLimiter;
    this.#rateLimiter = undefined;
    await limiter?.release();
  }

  /** `close()`, for `await using llm = createLLM(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #prepare(messages: Message[], options: CallOptions): ProviderCall {
    if (this.#closed) {
      throw new ConfigError(
        `This ${this.constructor.name} was closed with close(), which released its cache and ` +
          'rate-limit connections; it takes no more calls. Create a new instance for new calls.',
      );
    }
    checkCallOptions(options, this.#spec.ownedBodyFields);
    const valid = validateMessages(messages);
    const temperatureIsDefault =
      options.temperature === undefined && this.config.temperatureIsDefault;
    const model = this.config.model;
    return {
      model,
      messages: withSystemPrompt(valid, this.config.systemPrompt),
      temperature:
        temperatureIsDefault && !this.sendsDefaultTemperature(model)
          ? undefined
          : (options.temperature ?? this.config.temperature),
      maxTokens: options.maxTokens ?? this.config.maxTokens,
      topP: options.topP,
      stop: options.stop,
      extraBody: options.extraBody,
    };
  }

  /**
   * The cache layer around the live call: a hit replays stored text and never reaches
   * `#runLive`, so it sends no request, adds no tokens and takes no rate-limit token.
   * Without a cache the live generator is returned as it is: one layer less per text piece.
   */
  #run(
    call: ProviderCall,
    options: CallOptions,
    mode: 'stream' | 'generate',
  ): AsyncGenerator<string> {
    if (!this.#cache || options.cache === false) return this.#runLive(call, options, mode);
    return this.#runCached(this.#cache, call, options, mode);
  }

  async *#runCached(
    cache: ResponseCache,
    call: ProviderCall,
    options: CallOptions,
    mode: 'stream' | 'generate',
  ): AsyncGenerator<string> {
    if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
    const key = cacheKey({
      provider: this.#spec.name,
      endpoint: this.endpoint,
      providerOptions: this.cacheKeyOptions(),
      model: call.model,
      messages: call.messages,
      temperature: call.temperature,
      maxTokens: call.maxTokens,
      topP: call.topP,
      stop: call.stop,
      extraBody: call.extraBody,
      namespace: this.config.cacheNamespace,
    });
    // The live call of a miss may be shared by identical concurrent calls, so it runs on the
    // cache's own signal (aborted when every caller has gone), not on this caller's.
    yield* cache.run(key, options, (signal, onFinish) =>
      this.#runLive(call, { ...options, signal, onFinish }, mode),
    );
  }

  /**
   * Attempts until one succeeds, each one HTTP exchange. `stream` retries only while no text
   * has reached the caller; `generate` buffers each attempt, so it can restart from scratch
   * without duplicating text. The provider's parts are read here directly (not through a
   * per-attempt generator) because every layer costs time on each text piece.
   */
  async *#runLive(
    call: ProviderCall,
    options: CallOptions,
    mode: 'stream' | 'generate',
  ): AsyncGenerator<string> {
    const errors: SynapseKitError[] = [];
    const usage: Usage = { input: 0, output: 0, reported: false };
    let delivered = '';
    for (let attempt = 1; ; attempt++) {
      const buffered: string[] = [];
      let http: HttpClient | undefined;
      let attemptUsage: Usage | undefined;
      let finishReason: string | undefined;
      let ended = false;
      // Closes the request (when the consumer stopped early or the attempt failed) and bills
      // what the provider reported; once, before any retry wait.
      const endAttempt = (): void => {
        if (ended) return;
        ended = true;
        http?.close();
        if (attemptUsage?.reported) this.#addUsage(usage, attemptUsage);
      };
      try {
        // Every attempt, retries included, takes a token; waiting for it is not part of `timeout`.
        await this.#acquireRateLimiter()?.take(options.signal);
        http = this.#httpClient(options.signal);
        for await (const part of this.streamParts(call, http)) {
          if (part.type === 'text') {
            if (part.text === '') continue;
            if (mode === 'generate') {
              buffered.push(part.text);
            } else {
              delivered += part.text;
              yield part.text;
              // The consumer may abort while holding a piece; the rest of this read is already
              // parsed and would follow without any wait that the abort could interrupt.
              if (options.signal?.aborted) {
                throw new AbortError(undefined, { cause: options.signal.reason });
              }
            }
          } else if (part.type === 'usage') {
            // Some providers repeat cumulative usage on every chunk: the last report is the total.
            attemptUsage = part.usage;
          } else {
            finishReason = part.reason;
          }
        }
        if (finishReason === undefined) {
          throw new ConnectionError(
            `The ${this.#spec.name} stream ended before the provider's end-of-response signal; the answer is incomplete.`,
            { provider: this.#spec.name, retryable: true },
          );
        }
      } catch (raw) {
        endAttempt();
        const error =
          raw instanceof SynapseKitError ? raw : unexpected(raw, this.#spec.name, this.secrets());
        errors.push(error);
        if (error instanceof AbortError) throw withAttempts(error, errors);
        if (delivered !== '')
          throw withAttempts(new StreamInterruptedError(delivered, error), errors);
        const delayMs = retryDelayFor(
          error,
          attempt - 1,
          this.config.maxRetries,
          this.config.retryDelay,
        );
        if (delayMs === undefined) throw withAttempts(error, errors);
        try {
          await sleep(delayMs, options.signal);
        } catch (abort) {
          // Aborted while waiting to retry: the caller still sees what went wrong before.
          errors.push(abort as AbortError);
          throw withAttempts(abort as AbortError, errors);
        }
        continue;
      } finally {
        endAttempt();
      }
      for (const piece of buffered) yield piece;
      options.onFinish?.({
        usage,
        finishReason,
        cached: false,
        attempts: attempt,
      } satisfies FinishInfo);
      return;
    }
  }

  #httpClient(signal: AbortSignal | undefined): HttpClient {
    return new HttpClient({
      provider: this.#spec.name,
      apiKeyEnv: this.#spec.apiKeyEnv,
      secrets: this.secrets(),
      fetch: this.config.fetch ?? globalThis.fetch,
      timeoutMs: this.config.timeout * 1000,
      signal,
      headers: this.config.requestHeaders(),
      streaming: true,
    });
  }

  /**
   * The bucket shared by every instance with the same (provider, endpoint, apiKey, model).
   * Taken lazily: `endpoint` belongs to the subclass, which is not built yet in our constructor.
   */
  #acquireRateLimiter(): RateLimiter | undefined {
    const requestsPerMinute = this.config.requestsPerMinute;
    if (requestsPerMinute === undefined) return undefined;
    this.#rateLimiter ??= sharedRateLimits.acquire(
      {
        provider: this.#spec.name,
        endpoint: this.endpoint,
        apiKey: this.#apiKey,
        model: this.config.model,
      },
      {
        requestsPerMinute,
        backend: this.config.rateLimitBackend,
        redisUrl: this.config.redisUrl,
      },
    );
    return this.#rateLimiter;
  }

  #addUsage(total: Usage, part: Usage): void {
    this.#inputTokens += part.input;
    this.#outputTokens += part.output;
    total.input += part.input;
    total.output += part.output;
    total.reported = true;
    for (const key of ['cacheRead', 'cacheWrite', 'reasoning'] as const) {
      const value = part[key];
      if (value !== undefined) total[key] = (total[key] ?? 0) + value;
    }
  }
}

function withAttempts<E extends SynapseKitError>(error: E, attempts: SynapseKitError[]): E {
  return error.recordAttempts(attempts);
}

/**
 * A bug or an unexpected throw inside a provider: keep it, but typed, so callers can catch one
 * hierarchy; scrubbed, because what threw may quote a credential (a signer refusing a header).
 */
function unexpected(
  raw: unknown,
  provider: ProviderName,
  secrets: readonly string[],
): SynapseKitError {
  const message = scrubSecrets(raw instanceof Error ? raw.message : String(raw), secrets);
  return new ProviderError(
    `Unexpected failure while handling the ${provider} response: ${message}`,
    {
      provider,
      retryable: false,
      cause: scrubbedCause(raw, secrets),
    },
  );
}

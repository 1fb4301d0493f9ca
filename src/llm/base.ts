import { createCacheBackend } from '../cache/create-backend.js';
import { cacheKey } from '../cache/key.js';
import { ResponseCache } from '../cache/response-cache.js';
import { LLMConfig, type LLMConfigOptions } from '../config.js';
import { AbortError, ConfigError } from '../errors.js';
import type { LLMEvent, LLMResponse } from '../events.js';
import { resolveLogger, type ResolvedLogger } from '../log/logger.js';
import type { LLMInput, Message } from '../messages.js';
import type { BudgetStatus } from '../budget/budget.js';
import { budgetForConfig, type PricedBudget } from '../budget/for-llm.js';
import { CallLimiter, type AttemptTicket } from '../rate-limit/limiter.js';
import { requireRateLimitBackend, sharedRateLimits } from '../rate-limit/registry.js';
import { secretsToScrub } from '../secrets.js';
import type { Schema, Tool } from '../tools.js';
import { HttpClient, type ExchangeObserver } from '../transport/http.js';
import type { CallOptions, FinishInfo } from '../types.js';
import type { ModelPrice } from '../usage/prices.js';
import {
  runAttempts,
  type AttemptContext,
  type EndCall,
  type StepResponse,
  type View,
} from './attempts.js';
import { checkPrompt, resolveApiKey, withBaseUrlFromEnv } from './inputs.js';
import type { LLM } from './interface.js';
import type { Downloaded } from './media/download.js';
import { downloadMedia, resolvedMessages, type MediaPlan } from './media/resolve.js';
import { messagesFromInput, validateMessages } from './messages.js';
import { callObservers, type CallObserver, type ObserveCall } from './observe.js';
import { observedCall } from './observed-call.js';
import { planCall, type Plan, type PlanContext } from './plan.js';
import type { ProviderCall, ProviderSpec, StreamPart } from './spec.js';
import { runToolLoop } from './tool-loop.js';
import { splitStructuredOptions } from './structured/options.js';
import { planStructured, type StructuredPlan } from './structured/plan.js';
import { generateStructured, streamStructured, type RunRound } from './structured/run.js';
import type { DeepPartial, StructuredOptions } from './structured/types.js';

/** One call, checked and resolved before anything is sent. */
/**
 * The one pipeline every provider shares: validation, system prompt, response cache, retries,
 * rate limiting, usage accounting, abort and timeouts, tool-call assembly and the tool loop live
 * here once. Every provider class extends it, so the methods below work the same for all
 * fifteen providers.
 *
 * To add a provider, extend it and implement `endpoint` and `streamParts`: messages and
 * options in, an async stream of {@link StreamPart}s out (see docs/adding-a-provider.md).
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
export abstract class BaseLLM implements LLM {
  /** The resolved configuration (its `provider` is this class's provider). */
  readonly config: LLMConfig;
  readonly #spec: ProviderSpec;
  /** What planning a call needs of this instance (made once). */
  readonly #planContext: PlanContext;
  readonly #apiKey: string;
  /** The key and the extra header values: never in an error message. */
  readonly #secrets: readonly string[];
  /** Undefined when `cache` is off. */
  readonly #cache: ResponseCache | undefined;
  #inputTokens = 0;
  #outputTokens = 0;
  /** This instance's rate limits (given and learned); made on the first attempt. */
  #limiter: CallLimiter | undefined;
  /** The spending cap and the model's price, when `budget` is set. */
  readonly #budget: { priced: PricedBudget; price: ModelPrice } | undefined;
  readonly #attempts: AttemptContext;
  /** Set by close(): later calls are refused rather than reopening what close() released. */
  #closed = false;
  /** Where warnings and debug lines go (the config's `logger`, else SYNAPSEKIT_LOG's level). */
  readonly #log: ResolvedLogger;
  /** Makes each call's observer; undefined when neither telemetry nor the debug log is on. */
  readonly #observe: ObserveCall | undefined;

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
    this.#planContext = {
      config: this.config,
      spec,
      sendsDefaultTemperature: (model) => this.sendsDefaultTemperature(model),
    };
    this.#apiKey = resolveApiKey(this.config.apiKey, spec, this.config);
    this.#secrets = secretsToScrub(this.#apiKey, this.config.requestHeaders());
    requireRateLimitBackend(this.config);
    this.#log = resolveLogger(this.config.logger);
    this.#observe = callObservers({
      provider: spec.name,
      telemetry: this.config.telemetry,
      log: this.#log,
      secrets: () => this.secrets(),
    });
    this.#budget = budgetForConfig(this.config, this.#log.logger);
    this.#cache = this.config.cache
      ? new ResponseCache(createCacheBackend(this.config), this.#log.logger)
      : undefined;
    this.#attempts = {
      provider: spec.name,
      maxRetries: this.config.maxRetries,
      retryDelay: this.config.retryDelay,
      streamParts: (call, http) => this.streamParts(call, http),
      httpClient: (signal, ticket, observer) => this.#httpClient(signal, ticket, observer),
      admit: (signal) => this.#admit(signal),
      secrets: () => this.secrets(),
      bill: (usage) => {
        this.#inputTokens += usage.input;
        this.#outputTokens += usage.output;
        this.#budget?.priced.bill(usage, this.#budget.price);
      },
    };
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
   * retried from scratch (see `maxRetries`), so the text is never duplicated. With tools and
   * `maxSteps` > 1 it is the final step's text.
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
    const plan = this.#plan(validateMessages(messages), options);
    return this.#run(plan, 'text', false) as AsyncGenerator<string>;
  }

  /** The joined stream; a stream that fails midway is retried from scratch (see `maxRetries`). */
  async generateWithMessages(messages: Message[], options: CallOptions = {}): Promise<string> {
    const plan = this.#plan(validateMessages(messages), options);
    return (await drain(this.#run(plan, 'text', true))).text;
  }

  /**
   * Every event of the answer as it arrives: text, reasoning, tool calls (start, argument
   * deltas, the parsed call), and in `maxSteps` loops the tool results and step ends; `finish`
   * comes last with the normalised finish reason and the usage. Retries happen only until the
   * first event reached you.
   *
   * @example
   * ```ts
   * for await (const event of llm.streamEvents('Weather in Paris?', { tools: { weather } })) {
   *   if (event.type === 'text') process.stdout.write(event.text);
   *   if (event.type === 'tool-call') console.log(event.name, event.input);
   * }
   * ```
   */
  streamEvents(input: LLMInput, options: CallOptions = {}): AsyncIterable<LLMEvent> {
    const plan = this.#plan(messagesFromInput(input), options);
    return this.#run(plan, 'events', false) as AsyncGenerator<LLMEvent>;
  }

  /**
   * The whole answer: text, reasoning, tool calls, finish reasons, usage, and the messages to
   * append to the conversation (the assistant message with its parts and provider data; in
   * loops the tool messages too). Retried from scratch when it fails midway.
   *
   * @example
   * ```ts
   * const response = await llm.generateResponse('Weather in Paris?', { tools: { weather } });
   * for (const call of response.toolCalls) console.log(call.name, call.input);
   * ```
   */
  async generateResponse(input: LLMInput, options: CallOptions = {}): Promise<LLMResponse> {
    const plan = this.#plan(messagesFromInput(input), options);
    const {
      attempts: _attempts,
      rateLimit: _rateLimit,
      ...response
    } = await drain(this.#run(plan, 'events', true));
    return { ...response, model: this.config.model, provider: this.config.provider };
  }

  /**
   * A typed object that matches `schema`: a zod 4 (or any Standard Schema with a JSON Schema)
   * schema, whose output type the result has, or a plain JSON Schema. The provider's native
   * structured output is used where it has one (`mode: 'auto'`); the answer is parsed and
   * validated with the schema, and a bad answer goes back to the model with its problems
   * (`repairAttempts`, default 2) before a `StructuredOutputError`.
   *
   * @example
   * ```ts
   * import { z } from 'zod';
   * const weather = await llm.generateStructured(
   *   'Weather in Paris today?',
   *   z.object({ city: z.string(), temperatureC: z.number() }),
   * );
   * weather.temperatureC; // number
   * ```
   */
  async generateStructured<T>(
    input: LLMInput,
    schema: Schema<T>,
    options: StructuredOptions = {},
  ): Promise<T> {
    const { plan, runRound } = this.#structured(input, schema, options, true);
    return (await generateStructured(plan, runRound)) as T;
  }

  /**
   * The object of `generateStructured` while it streams: a new deep-partial snapshot each time
   * the parsed JSON grew (a string may be cut short; a number or key appears once complete),
   * then the validated object. A repair round streams its answer from the start again. Bad
   * input throws a `ConfigError` here, before any request.
   *
   * @example
   * ```ts
   * for await (const partial of llm.streamStructured('A haiku about Paris', schema)) {
   *   render(partial); // { title: 'Spring in Pa' }, then { title: 'Spring in Paris', lines: [] }...
   * }
   * ```
   */
  streamStructured<T>(
    input: LLMInput,
    schema: Schema<T>,
    options: StructuredOptions = {},
  ): AsyncIterable<DeepPartial<T>> {
    const { plan, runRound } = this.#structured(input, schema, options, false);
    return streamStructured(plan, runRound) as AsyncIterable<DeepPartial<T>>;
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
   * The budget's state in the current period: spent, left, and when it resets.
   *
   * @throws ConfigError (the promise rejects) when the config has no `budget`.
   */
  async budgetStatus(): Promise<BudgetStatus> {
    if (!this.#budget) {
      throw new ConfigError(
        'This LLM has no budget: set budget: { usd, period } in its config to use budgetStatus().',
        'budget',
      );
    }
    return this.#budget.priced.budget.status();
  }

  /**
   * Release pooled resources (cache, rate-limit and budget connections). Safe to call twice.
   * Calls made afterwards throw a `ConfigError`: build a new instance for more calls.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#cache?.close();
    const limiter = this.#limiter;
    this.#limiter = undefined;
    await limiter?.release();
    await this.#budget?.priced.budget.close();
  }

  /** `close()`, for `await using llm = createLLM(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Check everything and resolve the first request; throws ConfigError before any request. */
  #plan(messages: Message[], options: CallOptions): Plan {
    if (this.#closed) {
      throw new ConfigError(
        `This ${this.constructor.name} was closed with close(), which released its cache and ` +
          'rate-limit connections; it takes no more calls. Create a new instance for new calls.',
      );
    }
    return planCall(messages, options, this.#planContext);
  }

  /**
   * A structured call, checked and resolved (ConfigErrors before any request), and how to run
   * each of its rounds: one step, or the tool loop, without `onFinish` (the structured run
   * reports every round together).
   */
  #structured(
    input: LLMInput,
    schema: Schema,
    options: StructuredOptions,
    buffered: boolean,
  ): { plan: StructuredPlan; runRound: RunRound } {
    const { settings, callOptions } = splitStructuredOptions(options);
    const base = this.#plan(messagesFromInput(input), callOptions);
    const support = this.#spec.structuredOutput?.(base.call);
    const spec = this.#spec.name;
    const plan = planStructured(base.call, schema, settings, support, spec, callOptions.onFinish);
    const media = base.media;
    // URLs the provider cannot take are downloaded once, before the first round's request, and
    // every round (repairs, tool-loop steps) sends the same bytes.
    let downloads: Promise<ReadonlyMap<string, Downloaded>> | undefined;
    const step =
      media === undefined
        ? (call: ProviderCall, observer: CallObserver | undefined) =>
            this.#step(call, base.options, 'events', buffered, undefined, observer)
        : async function* (this: BaseLLM, call: ProviderCall, observer: CallObserver | undefined) {
            const downloaded = await (downloads ??= this.#download(media, base.options.signal));
            const messages = resolvedMessages(call.messages, media, downloaded);
            const resolved = { ...call, messages };
            return yield* this.#step(
              resolved,
              base.options,
              'events',
              buffered,
              undefined,
              observer,
            );
          }.bind(this);
    // Telemetry and the debug log see each round (the first answer, each repair) as a call.
    const runRound: RunRound = (call, isAnswer) => {
      const observer = this.#observe?.(call, base.options, this.endpoint, !buffered);
      const stepWith = (messages: Message[]) => step({ ...call, messages }, observer);
      const round =
        base.loopTools === undefined
          ? stepWith(call.messages)
          : runToolLoop(call.messages, stepWith, {
              tools: base.loopTools,
              maxSteps: base.options.maxSteps ?? 1,
              signal: base.options.signal,
              view: 'events',
              observer,
              isAnswer,
            });
      return observer ? observedCall(succeeding(round, observer), observer, !buffered) : round;
    };
    return { plan, runRound };
  }

  /**
   * The whole call: one step, or the tool loop's steps; then `onFinish` and (events view) the
   * `finish` event, once. Returns the response (with the attempts over every step). A single
   * step without a cache, telemetry or debug log is the attempt generator itself: no layer in
   * between. With either on, the call's observer wraps it (see observed-call.ts).
   */
  #run(plan: Plan, view: View, buffered: boolean): AsyncGenerator<LLMEvent | string, StepResponse> {
    if (plan.media !== undefined) return this.#runAfterDownloads(plan, plan.media, view, buffered);
    const observer = this.#observe?.(plan.call, plan.options, this.endpoint, !buffered);
    const end: EndCall = (response) => {
      observer?.succeeded(response);
      return finishCall(response, plan.options, this.config);
    };
    const run =
      plan.loopTools === undefined
        ? this.#step(plan.call, plan.options, view, buffered, end, observer)
        : this.#loop(plan, plan.loopTools, view, buffered, end, observer);
    return observer ? observedCall(run, observer, !buffered) : run;
  }

  /**
   * Download the media URLs the provider cannot take (once, before any attempt, so a retry or a
   * later step never downloads again), then run the call with its parts resolved.
   */
  async *#runAfterDownloads(
    plan: Plan,
    media: MediaPlan,
    view: View,
    buffered: boolean,
  ): AsyncGenerator<LLMEvent | string, StepResponse> {
    const downloaded = await this.#download(media, plan.options.signal);
    const messages = resolvedMessages(plan.call.messages, media, downloaded);
    const resolved: Plan = { ...plan, call: { ...plan.call, messages }, media: undefined };
    return yield* this.#run(resolved, view, buffered);
  }

  #download(
    media: MediaPlan,
    signal: AbortSignal | undefined,
  ): Promise<ReadonlyMap<string, Downloaded>> {
    return downloadMedia(media, {
      fetch: this.config.fetch ?? globalThis.fetch,
      timeoutMs: this.config.timeout * 1000,
      signal,
      maxBytes: this.config.maxDownloadBytes,
    });
  }

  async *#loop(
    plan: Plan,
    tools: Record<string, Tool>,
    view: View,
    buffered: boolean,
    end: EndCall,
    observer: CallObserver | undefined,
  ): AsyncGenerator<LLMEvent | string, StepResponse> {
    const { call, options } = plan;
    const response = yield* runToolLoop(
      call.messages,
      (messages) => this.#step({ ...call, messages }, options, view, buffered, undefined, observer),
      { tools, maxSteps: options.maxSteps ?? 1, signal: options.signal, view, observer },
    );
    const finish = end(response);
    if (view === 'events') yield finish;
    return response;
  }

  /**
   * One model step: from the cache (a hit sends no request, adds no tokens and takes no
   * rate-limit token), else live.
   */
  #step(
    call: ProviderCall,
    options: CallOptions,
    view: View,
    buffered: boolean,
    end?: EndCall,
    observer?: CallObserver,
  ): AsyncGenerator<LLMEvent | string, StepResponse> {
    if (!this.#cache || options.cache === false) {
      return runAttempts(this.#attempts, call, options.signal, view, buffered, end, observer);
    }
    return this.#cachedStep(this.#cache, call, options.signal, view, buffered, end, observer);
  }

  async *#cachedStep(
    cache: ResponseCache,
    call: ProviderCall,
    signal: AbortSignal | undefined,
    view: View,
    buffered: boolean,
    end: EndCall | undefined,
    observer: CallObserver | undefined,
  ): AsyncGenerator<LLMEvent | string, StepResponse> {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    const key = cacheKey({
      provider: this.#attempts.provider,
      endpoint: this.endpoint,
      providerOptions: this.cacheKeyOptions(),
      model: call.model,
      messages: call.messages,
      temperature: call.temperature,
      maxTokens: call.maxTokens,
      topP: call.topP,
      stop: call.stop,
      extraBody: call.extraBody,
      tools: call.tools,
      toolChoice: call.toolChoice,
      parallelToolCalls: call.parallelToolCalls,
      reasoning: call.reasoning,
      namespace: this.config.cacheNamespace,
      output: call.output,
    });
    // The live call of a miss may be shared by identical concurrent calls, so it runs on the
    // cache's own signal (aborted when every caller has gone), not on this caller's.
    // Only the caller that starts the live call runs this, so its observer sees the attempts.
    const events = cache.run(key, signal, (shared) =>
      runAttempts(this.#attempts, call, shared, 'events', buffered, undefined, observer),
    );
    let response: StepResponse;
    try {
      for (let next = await events.next(); ; next = await events.next()) {
        if (next.done) {
          response = next.value;
          break;
        }
        // A buffered call is drained for its response alone: nothing to hand on per event.
        if (buffered) continue;
        for (const event of next.value) {
          if (view === 'events') yield event;
          else if (event.type === 'text') yield event.text;
          else continue;
          // The rest of the batch is already here: stop at once if the caller aborted.
          if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
        }
      }
    } finally {
      await events.return(undefined as never);
    }
    observer?.cacheResult(response.cached);
    if (end) {
      const finish = end(response);
      if (view === 'events') yield finish;
    }
    return response;
  }

  #httpClient(
    signal: AbortSignal | undefined,
    ticket: AttemptTicket,
    observer?: ExchangeObserver,
  ): HttpClient {
    return new HttpClient({
      provider: this.#spec.name,
      apiKeyEnv: this.#spec.apiKeyEnv,
      secrets: this.secrets(),
      fetch: this.config.fetch ?? globalThis.fetch,
      timeoutMs: this.config.timeout * 1000,
      signal,
      headers: this.config.requestHeaders(),
      streaming: true,
      onHeaders: (headers) => ticket.onHeaders(headers),
      observer,
    });
  }

  /** Before every attempt: the budget (no request once it is spent), then the rate limits. */
  #admit(signal: AbortSignal | undefined): AttemptTicket | Promise<AttemptTicket> {
    const limiter = this.#rateLimits();
    const checked = this.#budget?.priced.budget.check();
    return checked ? checked.then(() => limiter.admit(signal)) : limiter.admit(signal);
  }

  /**
   * The limits of every instance with the same (provider, endpoint, apiKey, model): those the
   * config gives and those the provider's headers teach. Made lazily: `endpoint` belongs to the
   * subclass, which is not built yet in our constructor.
   */
  #rateLimits(): CallLimiter {
    this.#limiter ??= new CallLimiter(
      sharedRateLimits,
      {
        provider: this.#spec.name,
        endpoint: this.endpoint,
        apiKey: this.#apiKey,
        model: this.config.model,
      },
      {
        requestsPerMinute: this.config.requestsPerMinute,
        tokensPerMinute: this.config.tokensPerMinute,
        backend: this.config.rateLimitBackend,
        redisUrl: this.config.redisUrl,
        retryDelay: this.config.retryDelay,
        logger: this.#log.logger,
      },
    );
    return this.#limiter;
  }
}

/** Report a call that ended normally to `onFinish`, and give its `finish` event. */
function finishCall(response: StepResponse, options: CallOptions, config: LLMConfig): LLMEvent {
  const info: FinishInfo = {
    usage: response.usage,
    finishReason: response.finishReason,
    providerFinishReason: response.providerFinishReason,
    cached: response.cached,
    attempts: response.attempts,
    steps: response.steps,
    model: config.model,
    provider: config.provider,
  };
  if (response.rateLimit) info.rateLimit = response.rateLimit;
  options.onFinish?.(info);
  return { type: 'finish', ...info };
}

/** Run a call to its end for its response. */
/** A round whose observer hears its response when it ends normally (as `#run`'s EndCall does). */
async function* succeeding(
  round: AsyncGenerator<LLMEvent | string, StepResponse>,
  observer: CallObserver,
): AsyncGenerator<LLMEvent | string, StepResponse> {
  const response = yield* round;
  observer.succeeded(response);
  return response;
}

async function drain<T>(run: AsyncGenerator<unknown, T>): Promise<T> {
  for (let next = await run.next(); ; next = await run.next()) if (next.done) return next.value;
}

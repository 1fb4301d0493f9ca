import type { LLMConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { sharedRateLimits, type RateLimiter } from '../rate-limit/registry.js';
import { HttpClient } from '../transport/http.js';
import type { EmbeddingUsage } from '../types.js';
import { sendBatch, type BatchContext } from './attempts.js';
import { splitIntoBatches } from './batches.js';
import { vectorKey, vectorKeyPrefix, type VectorCache } from './cache.js';
import { runLimited } from './concurrency.js';
import { checkEmbedOptions, checkTexts, inputTypeValue, throwIfAborted } from './inputs.js';
import type { EmbeddingsProvider } from './spec.js';
import type {
  EmbedCallOptions,
  EmbeddingModel,
  EmbeddingsFinishInfo,
  EmbeddingsProviderName,
} from './types.js';

/** Everything `createEmbeddings` resolved and checked. */
export interface EmbeddingsSettings {
  providerName: EmbeddingsProviderName;
  provider: EmbeddingsProvider;
  /** The pipeline options (timeout, retries, rate limit, headers, fetch, cache namespace). */
  config: LLMConfig;
  model: string;
  dimensions: number | undefined;
  batchSize: number;
  concurrency: number;
  extraBody: Record<string, unknown>;
  /** Undefined when `cache` is off. */
  cache: VectorCache | undefined;
}

/** The texts of a call that go to the provider, and where each one's vector goes. */
interface SendPlan {
  texts: string[];
  /** For each text sent, the positions in the result it fills (repeats in the call share one). */
  positions: number[][];
  /** For each text sent, its cache key; undefined without the cache. */
  keys: string[] | undefined;
}

/**
 * The embeddings pipeline, the same for every provider path: checks, the cache per text,
 * batches at the provider's limits run `concurrency` at a time, each sent by `sendBatch`
 * (transport, typed errors, retries, rate limit), results back in input order, usage totals.
 */
export class PipelineEmbeddingModel implements EmbeddingModel {
  readonly model: string;
  readonly provider: EmbeddingsProviderName;
  readonly endpoint: string;
  readonly dimensions: number | undefined;
  readonly #settings: EmbeddingsSettings;
  readonly #context: BatchContext;
  /** The cache keys' common part, per provider input-type value. */
  readonly #keyPrefixes = new Map<string | undefined, string>();
  #inputTokens = 0;
  /** This instance's hold on the shared bucket; taken on the first request. */
  #rateLimiter: RateLimiter | undefined;
  #closed = false;

  constructor(settings: EmbeddingsSettings) {
    this.#settings = settings;
    this.model = settings.model;
    this.provider = settings.providerName;
    this.endpoint = settings.provider.endpoint;
    this.dimensions = settings.dimensions;
    const { config, provider } = settings;
    this.#context = {
      provider,
      maxRetries: config.maxRetries,
      retryDelay: config.retryDelay,
      dimensions: settings.dimensions,
      httpClient: (signal) =>
        new HttpClient({
          provider: provider.name,
          apiKeyEnv: provider.apiKeyEnv,
          secrets: provider.secrets(),
          fetch: config.fetch ?? globalThis.fetch,
          timeoutMs: config.timeout * 1000,
          signal,
          headers: config.requestHeaders(),
        }),
      rateLimiter: () => this.#acquireRateLimiter(),
      bill: (inputTokens) => {
        this.#inputTokens += inputTokens;
      },
    };
  }

  get tokensUsed(): { input: number } {
    return { input: this.#inputTokens };
  }

  get cacheStats(): { hits: number; misses: number; size: number } | undefined {
    return this.#settings.cache?.stats;
  }

  async embed(texts: string[], options: EmbedCallOptions = {}): Promise<number[][]> {
    this.#checkOpen();
    const list = checkTexts(texts);
    const { signal, onFinish, cache: useCache } = checkEmbedOptions(options);
    throwIfAborted(signal);
    const inputType = inputTypeValue(this.#settings.provider.inputTypes, options.inputType);
    const cache = useCache === false ? undefined : this.#settings.cache;
    const vectors = new Array<number[]>(list.length);
    const plan = cache
      ? await this.#planWithCache(cache, list, inputType, vectors)
      : { texts: [...list], positions: list.map((_, index) => [index]), keys: undefined };
    throwIfAborted(signal);

    const usage: EmbeddingUsage = { input: 0, reported: false };
    let requests = 0;
    const { batchSize, concurrency } = this.#settings;
    const batches = splitIntoBatches(
      plan.texts,
      batchSize,
      this.#settings.provider.limits.maxTokens,
    );
    await runLimited(batches, concurrency, async (batch) => {
      const sent = await sendBatch(
        this.#context,
        batch.map((index) => plan.texts[index] as string),
        inputType,
        signal,
      );
      requests += sent.requests;
      if (sent.inputTokens !== undefined) {
        usage.input += sent.inputTokens;
        usage.reported = true;
      }
      const stored: Array<readonly [string, number[]]> = [];
      sent.vectors.forEach((vector, offset) => {
        const index = batch[offset] as number;
        // Each position gets its own array: changing one row never changes another.
        (plan.positions[index] as number[]).forEach((position, repeat) => {
          vectors[position] = repeat === 0 ? vector : vector.slice();
        });
        if (plan.keys) stored.push([plan.keys[index] as string, vector]);
      });
      // Stored as each batch arrives, so a call that fails later still keeps what it paid for.
      await cache?.store(stored);
    });

    const info: EmbeddingsFinishInfo = { usage, cached: list.length - plan.texts.length, requests };
    onFinish?.(info);
    return vectors;
  }

  async embedOne(text: string, options: EmbedCallOptions = {}): Promise<number[]> {
    const [vector] = await this.embed([text], options);
    return vector as number[];
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#settings.cache?.close();
    const limiter = this.#rateLimiter;
    this.#rateLimiter = undefined;
    await limiter?.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Fill `vectors` from the cache; what is left to send is each distinct missing text once,
   * with the positions it fills.
   */
  async #planWithCache(
    cache: VectorCache,
    texts: readonly string[],
    inputType: string | undefined,
    vectors: number[][],
  ): Promise<SendPlan> {
    const positionsOf = new Map<string, number[]>();
    texts.forEach((text, index) => {
      const positions = positionsOf.get(text);
      if (positions) positions.push(index);
      else positionsOf.set(text, [index]);
    });
    const distinct = [...positionsOf.keys()];
    const prefix = this.#keyPrefix(inputType);
    const keys = distinct.map((text) => vectorKey(prefix, text));
    const found = await cache.lookup(keys);
    const plan: SendPlan = { texts: [], positions: [], keys: [] };
    distinct.forEach((text, index) => {
      const positions = positionsOf.get(text) as number[];
      const vector = found[index];
      if (vector === undefined) {
        plan.texts.push(text);
        plan.positions.push(positions);
        plan.keys?.push(keys[index] as string);
      } else {
        // Copies: the cache's own vector is never handed out.
        for (const position of positions) vectors[position] = vector.slice();
      }
    });
    return plan;
  }

  #keyPrefix(inputType: string | undefined): string {
    let prefix = this.#keyPrefixes.get(inputType);
    if (prefix === undefined) {
      const { provider, config } = this.#settings;
      prefix = vectorKeyPrefix({
        provider: provider.name,
        endpoint: provider.endpoint,
        keyOptions: provider.keyOptions,
        model: this.model,
        dimensions: this.dimensions,
        inputType,
        extraBody: this.#settings.extraBody,
        namespace: config.cacheNamespace,
      });
      this.#keyPrefixes.set(inputType, prefix);
    }
    return prefix;
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new ConfigError(
        'This embeddings model was closed with close(), which released its cache and rate-limit ' +
          'connections; it takes no more calls. Create a new one with createEmbeddings().',
      );
    }
  }

  /** The bucket shared by every client with the same (provider, endpoint, apiKey, model). */
  #acquireRateLimiter(): RateLimiter | undefined {
    const { config, provider } = this.#settings;
    const requestsPerMinute = config.requestsPerMinute;
    if (requestsPerMinute === undefined) return undefined;
    this.#rateLimiter ??= sharedRateLimits.acquire(
      {
        provider: provider.name,
        endpoint: provider.endpoint,
        apiKey: provider.apiKey,
        model: this.model,
      },
      { requestsPerMinute, backend: config.rateLimitBackend, redisUrl: config.redisUrl },
    );
    return this.#rateLimiter;
  }
}

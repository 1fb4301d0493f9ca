import type { Logger } from '../log/logger.js';
import type { BedrockOptions } from '../providers/bedrock/credentials.js';
import type { AzureOpenAIOptions, OpenAIOptions } from '../providers/openai-chat/llm.js';
import type { NoProviderOptions } from '../providers/options.js';
import type { EmbeddingUsage } from '../types.js';

/**
 * What a text is embedded for. Providers with task-specific embeddings get it as their own
 * value (Cohere `input_type` `search_query`/`search_document`, Gemini `taskType`
 * `RETRIEVAL_QUERY`/`RETRIEVAL_DOCUMENT`); the others embed every text alike.
 *
 * @category Embeddings
 */
export type EmbeddingInputType = 'query' | 'document';

/**
 * Options of {@link Embeddings.embed}.
 *
 * @category Embeddings
 */
export interface EmbedOptions {
  /**
   * What the texts are for: `'query'` (a question to search with) or `'document'` (text to
   * store and search in). RAG passes `'document'` when it adds chunks and `'query'` for a
   * question. Default: the provider's own (Cohere needs one and gets `search_document`).
   */
  inputType?: EmbeddingInputType;
  /** Cancels the HTTP requests themselves (and any wait for a retry or the rate limit). */
  signal?: AbortSignal;
}

/**
 * An embeddings model: one vector per text, in the same order. Give one to {@link RAG} (or a
 * {@link Retriever}) as `embeddings` for hybrid retrieval. {@link createEmbeddings} builds one
 * for nine providers; implement this interface for any other API or a local model.
 *
 * @category Embeddings
 */
export interface Embeddings {
  /**
   * One vector per text, in the order of `texts`, all of one length. The retriever refuses
   * (ConfigError) a wrong count, a vector that is not all finite numbers, or a length that
   * differs from the vectors already stored.
   */
  embed(texts: string[], options?: EmbedOptions): Promise<number[][]>;
}

/**
 * What `onFinish` of an embeddings call receives once every vector is there.
 *
 * @category Embeddings
 */
export interface EmbeddingsFinishInfo {
  /** This call's own usage: every request it sent that reported usage, retries included. */
  usage: EmbeddingUsage;
  /** Texts answered from the cache (or repeated in the call), so not sent. */
  cached: number;
  /** HTTP requests the call sent, retries included (0 when the cache had every text). */
  requests: number;
}

/**
 * Options of {@link EmbeddingModel.embed}: those of every {@link Embeddings}, plus the call's
 * own cache switch and usage report.
 *
 * @category Embeddings
 */
export interface EmbedCallOptions extends EmbedOptions {
  /** `false` bypasses the cache (no read, no write) for this call. */
  cache?: boolean;
  /** Called once when the call ended normally, with its own usage. */
  onFinish?: (info: EmbeddingsFinishInfo) => void;
}

/**
 * An embeddings model built by {@link createEmbeddings}: the provider's embeddings endpoint
 * through the same pipeline as the LLMs (transport, typed errors, retries, rate limit, timeouts
 * and abort), with a cache per text, batches at the provider's limits and usage accounting.
 *
 * @category Embeddings
 */
export interface EmbeddingModel extends Embeddings {
  /** The model id sent with every request. */
  readonly model: string;
  /** The provider it talks to. */
  readonly provider: EmbeddingsProviderName;
  /** The resolved request URL, without secrets. */
  readonly endpoint: string;
  /** The vector length asked for, or undefined for the model's own. */
  readonly dimensions: number | undefined;
  /**
   * One vector per text, in input order; `[]` for no texts, without a request. Texts found in
   * the cache are not sent; the rest go in batches at the provider's limits, `concurrency` at a
   * time. A batch that still fails after its retries fails the whole call with its typed error
   * (never a partial array); batches that succeeded are cached all the same.
   *
   * @throws ConfigError before any request when `texts` is not an array of non-empty strings or
   *   an option is bad; otherwise the typed errors of the transport (`AuthenticationError`,
   *   `RateLimitError`, `TimeoutError`, `AbortError`, `ProviderError`...).
   */
  embed(texts: string[], options?: EmbedCallOptions): Promise<number[][]>;
  /** The vector of one text: `embed([text], options)`'s only row. */
  embedOne(text: string, options?: EmbedCallOptions): Promise<number[]>;
  /** Input tokens the provider reported for this instance so far, every attempt included. */
  readonly tokensUsed: {
    /** Input tokens, summed over every request. */
    input: number;
  };
  /** Cache statistics per text, or undefined when caching is off. */
  readonly cacheStats:
    | {
        /** Texts answered from the cache. */
        hits: number;
        /** Texts that were sent to the provider. */
        misses: number;
        /** Vectors stored (Redis: as counted at this instance's last cache operation). */
        size: number;
      }
    | undefined;
  /**
   * Release the cache and rate-limit connections. Safe to call twice; later calls are a
   * `ConfigError`.
   */
  close(): Promise<void>;
  /** `close()`, for `await using embeddings = createEmbeddings(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The providers {@link createEmbeddings} speaks to.
 *
 * @category Embeddings
 */
export type EmbeddingsProviderName =
  | 'openai'
  | 'azure'
  | 'mistral'
  | 'together'
  | 'fireworks'
  | 'cohere'
  | 'gemini'
  | 'ollama'
  | 'bedrock';

/**
 * Provider settings of {@link EmbeddingsOptions.providerOptions}, by provider: the same as for
 * the LLM classes, with the same env fallbacks.
 *
 * @category Embeddings
 */
export interface EmbeddingsProviderOptions {
  /** `{ organization, project }` headers (OPENAI_ORG_ID, OPENAI_PROJECT_ID). */
  openai: OpenAIOptions;
  /** `{ endpoint, apiVersion, deployment }` (AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION). */
  azure: AzureOpenAIOptions;
  /** None. */
  mistral: NoProviderOptions;
  /** None. */
  together: NoProviderOptions;
  /** None. */
  fireworks: NoProviderOptions;
  /** None. */
  cohere: NoProviderOptions;
  /** None. */
  gemini: NoProviderOptions;
  /** None: the host is `baseUrl`, else OLLAMA_HOST, else http://127.0.0.1:11434. */
  ollama: NoProviderOptions;
  /** `{ region, credentials | credentialProvider }` (AWS_REGION, AWS_ACCESS_KEY_ID, ...). */
  bedrock: BedrockOptions;
}

/**
 * Settings of {@link createEmbeddings}. Only `model` is required; the pipeline options mean what
 * they mean for an LLM ({@link LLMConfigOptions}). An unknown option is a `ConfigError`.
 *
 * @category Embeddings
 */
export interface EmbeddingsOptions {
  /** The embeddings model, e.g. `text-embedding-3-small`, `embed-v4.0`, `gemini-embedding-001`. */
  model: string;
  /**
   * Detected from the model id where that is unambiguous (`text-embedding-*` openai,
   * `embed-*` cohere, `gemini-embedding-*` and `text-embedding-004` gemini, `mistral-embed`
   * mistral, `amazon.titan-embed-*` and `cohere.embed-*` bedrock); required otherwise.
   */
  provider?: EmbeddingsProviderName;
  /** Omitted -> the provider's env var (as for its LLM); `''` -> no auth header. */
  apiKey?: string;
  /** Replaces the provider's base URL (proxies, gateways, local servers). */
  baseUrl?: string;
  /** The provider's own settings: Azure endpoint and deployment, Bedrock region and credentials. */
  providerOptions?: EmbeddingsProviderOptions[EmbeddingsProviderName];
  /**
   * Shorter vectors, for models that support it (OpenAI `dimensions`, Cohere and Mistral
   * `output_dimension`, Gemini `outputDimensionality`, Titan and Ollama `dimensions`). A
   * vector of another length in the answer is a `ProviderError`.
   */
  dimensions?: number;
  /** Texts per request; default and maximum: the provider's documented limit (else 128). */
  batchSize?: number;
  /** Requests in flight at once for one call, default 4. */
  concurrency?: number;
  /** Merged into every request body (e.g. Cohere `truncate`, Ollama `keep_alive`). */
  extraBody?: Record<string, unknown>;
  /** Cache each text's vector (default false). */
  cache?: boolean;
  /** Vectors kept by the memory cache, default 1,000. */
  cacheMaxsize?: number;
  /** Default 'memory'. */
  cacheBackend?: 'memory' | 'sqlite' | 'redis';
  /** SQLite file, default 'synapsekit_llm_cache.db' (vectors have their own table). */
  cachePath?: string;
  /** Redis for the cache and the rate limiter; default REDIS_URL or redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** Seconds a cached vector lives; default: no expiry. */
  cacheTtl?: number;
  /** Part of every cache key: instances with different namespaces never share vectors. */
  cacheNamespace?: string;
  /** Extra attempts per request after a retryable failure, default 0. */
  maxRetries?: number;
  /** Seconds, first backoff step (doubled each retry), default 1. */
  retryDelay?: number;
  /** Client-side rate limit for this model's endpoint; default none. */
  requestsPerMinute?: number;
  /** Where the rate-limit bucket lives, default 'memory'. */
  rateLimitBackend?: 'memory' | 'redis';
  /** Seconds to wait for response headers and each silent gap in the body, default 600. */
  timeout?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Custom fetch (proxies, instrumentation, tests). */
  fetch?: typeof fetch;
  /**
   * Where warnings (a cache backend outage) go: any object with `debug`, `info`, `warn` and
   * `error` (console, pino, winston). Default: stderr, at `SYNAPSEKIT_LOG`'s level.
   */
  logger?: Logger;
}

import { ConfigError } from '../../errors.js';
import { OPENAI_COMPATIBLE_PRESETS } from '../../providers/openai-chat/presets.js';
import { checkInteger } from '../validate.js';
import {
  batchesOf,
  checkVector,
  postJson,
  resolveEndpoint,
  unexpectedShape,
  type EmbedOptions,
  type Embeddings,
  type EmbeddingsClientOptions,
  type EmbeddingsEndpoint,
} from './request.js';

/**
 * The vendors that serve OpenAI's `/embeddings` protocol.
 *
 * @category RAG
 */
export type OpenAIEmbeddingsProvider = 'openai' | 'azure' | 'mistral' | 'together' | 'fireworks';

/**
 * Settings of {@link OpenAIEmbeddings}: the connection settings plus the vendor and its own.
 *
 * @category RAG
 */
export interface OpenAIEmbeddingsOptions extends EmbeddingsClientOptions {
  /** Default 'openai'. Each vendor has its base URL and key env var. */
  provider?: OpenAIEmbeddingsProvider;
  /** Shorter vectors, for models that support it (OpenAI text-embedding-3-*). */
  dimensions?: number;
  /** Azure: https://<resource>.openai.azure.com (else AZURE_OPENAI_ENDPOINT or baseUrl). */
  endpoint?: string;
  /** Azure: default OPENAI_API_VERSION or '2024-10-21'. */
  apiVersion?: string;
  /** Azure: the embeddings deployment, default the model name. */
  deployment?: string;
}

const VENDORS: Record<OpenAIEmbeddingsProvider, { baseUrl: string; apiKeyEnv: string }> = {
  openai: OPENAI_COMPATIBLE_PRESETS.openai,
  azure: { baseUrl: '', apiKeyEnv: 'AZURE_OPENAI_API_KEY' },
  mistral: { baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY' },
  together: OPENAI_COMPATIBLE_PRESETS.together,
  fireworks: OPENAI_COMPATIBLE_PRESETS.fireworks,
};

const OWN_OPTION_NAMES = ['provider', 'dimensions', 'endpoint', 'apiVersion', 'deployment'];

/**
 * The OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure OpenAI, Mistral, Together,
 * Fireworks). Bearer auth, or Azure's `api-key` header at a deployment URL. The key comes from
 * `apiKey`, else the vendor's env var: OPENAI_API_KEY, AZURE_OPENAI_API_KEY, MISTRAL_API_KEY,
 * TOGETHER_API_KEY or FIREWORKS_API_KEY.
 *
 * @example
 * ```ts
 * const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-small' });
 * const rag = new RAG({ model: 'gpt-4o-mini', embeddings }); // hybrid retrieval
 *
 * const [vector] = await embeddings.embed(['What is hybrid retrieval?']);
 * const mistral = new OpenAIEmbeddings({ provider: 'mistral', model: 'mistral-embed' });
 * const azure = new OpenAIEmbeddings({
 *   provider: 'azure',
 *   model: 'text-embedding-3-small', // also the deployment name unless `deployment` is given
 *   endpoint: 'https://my-resource.openai.azure.com',
 * });
 * ```
 *
 * @category RAG
 */
export class OpenAIEmbeddings implements Embeddings {
  /** The vendor it talks to. */
  readonly provider: OpenAIEmbeddingsProvider;
  /** The embeddings model sent with every request. */
  readonly model: string;
  /** The resolved request URL (no secrets). */
  readonly url: string;
  readonly #endpoint: EmbeddingsEndpoint;
  readonly #dimensions: number | undefined;
  #inputTokens = 0;

  /**
   * @param options The model, the vendor (default 'openai') and the connection settings.
   * @throws ConfigError for an unknown or bad option or vendor, a missing key (naming the env
   *   var; `apiKey: ''` sends none), or Azure without a resource endpoint.
   */
  constructor(options: OpenAIEmbeddingsOptions) {
    const provider = options?.provider ?? 'openai';
    const vendor = VENDORS[provider];
    if (!vendor) {
      throw new ConfigError(
        `OpenAIEmbeddings speaks to ${Object.keys(VENDORS).join(', ')} (got provider ${String(provider)}). ` +
          'Use OllamaEmbeddings for Ollama, or implement the Embeddings interface.',
        'provider',
      );
    }
    this.provider = provider;
    this.#endpoint = resolveEndpoint(
      options,
      provider,
      { env: vendor.apiKeyEnv, required: true },
      OWN_OPTION_NAMES,
    );
    this.model = this.#endpoint.model;
    this.#dimensions = checkInteger(options.dimensions, 'dimensions', 1);
    this.url =
      provider === 'azure'
        ? azureUrl(options, this.#endpoint)
        : openAIUrl(this.#endpoint, vendor.baseUrl);
  }

  /** Prompt tokens the provider reported for this client so far (Together reports none). */
  get tokensUsed(): {
    /** Prompt tokens, summed over every request. */
    input: number;
  } {
    return { input: this.#inputTokens };
  }

  /**
   * One vector per text, in order (`[]` for no texts, without a request). Texts go in
   * sequential requests of `batchSize` (default 128); a retryable failure is retried
   * `maxRetries` times (default 0).
   *
   * @throws ConfigError when `texts` is not an array of strings; the same typed errors as an
   *   LLM call (`AuthenticationError`, `RateLimitError`, `TimeoutError`, `AbortError`...); a
   *   `ProviderError` when the answer lacks a vector for every text.
   */
  async embed(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    const vectors: number[][] = [];
    for (const batch of batchesOf(texts, this.#endpoint.batchSize)) {
      const body: Record<string, unknown> = { model: this.model, input: batch };
      if (this.#dimensions !== undefined) body.dimensions = this.#dimensions;
      const answer = await postJson(this.#endpoint, {
        url: this.url,
        headers: this.#authHeaders(),
        body,
        signal: options.signal,
      });
      vectors.push(...this.#read(answer, batch.length));
    }
    return vectors;
  }

  #authHeaders(): Record<string, string> {
    const key = this.#endpoint.apiKey;
    if (!key) return {};
    return this.provider === 'azure' ? { 'api-key': key } : { authorization: `Bearer ${key}` };
  }

  /** `{ data: [{ index, embedding }], usage: { prompt_tokens } }`; rows may come in any order. */
  #read(answer: unknown, expected: number): number[][] {
    const { data, usage } = (answer ?? {}) as {
      data?: unknown;
      usage?: { prompt_tokens?: unknown };
    };
    if (!Array.isArray(data) || data.length !== expected) {
      throw unexpectedShape(this.provider, `${expected} embeddings in \`data\``);
    }
    const rows = data as Array<{ index?: unknown; embedding?: unknown }>;
    const ordered = rows.every((row) => typeof row?.index === 'number')
      ? [...rows].sort((a, b) => (a.index as number) - (b.index as number))
      : rows;
    if (typeof usage?.prompt_tokens === 'number') this.#inputTokens += usage.prompt_tokens;
    return ordered.map((row) => checkVector(row?.embedding, this.provider));
  }
}

function openAIUrl(endpoint: EmbeddingsEndpoint, defaultBase: string): string {
  return `${endpoint.baseUrl ?? defaultBase}/embeddings`;
}

function azureUrl(options: OpenAIEmbeddingsOptions, endpoint: EmbeddingsEndpoint): string {
  const resource = endpoint.baseUrl ?? options.endpoint ?? process.env.AZURE_OPENAI_ENDPOINT;
  if (!resource) {
    throw new ConfigError(
      'Azure embeddings need the resource endpoint: pass endpoint: "https://<resource>.openai.azure.com", ' +
        'set AZURE_OPENAI_ENDPOINT, or set baseUrl.',
      'endpoint',
    );
  }
  const deployment = encodeURIComponent(options.deployment ?? endpoint.model);
  const apiVersion = options.apiVersion ?? process.env.OPENAI_API_VERSION ?? '2024-10-21';
  return `${resource.replace(/\/+$/, '')}/openai/deployments/${deployment}/embeddings?api-version=${encodeURIComponent(apiVersion)}`;
}

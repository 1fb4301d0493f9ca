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

/** The vendors that serve OpenAI's `/embeddings` protocol. */
export type OpenAIEmbeddingsProvider = 'openai' | 'azure' | 'mistral' | 'together' | 'fireworks';

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
 * Fireworks). Bearer auth, or Azure's `api-key` header at a deployment URL.
 */
export class OpenAIEmbeddings implements Embeddings {
  readonly provider: OpenAIEmbeddingsProvider;
  readonly model: string;
  /** The resolved request URL (no secrets). */
  readonly url: string;
  readonly #endpoint: EmbeddingsEndpoint;
  readonly #dimensions: number | undefined;
  #inputTokens = 0;

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

  /** Prompt tokens the provider reported for this client so far. */
  get tokensUsed(): { input: number } {
    return { input: this.#inputTokens };
  }

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

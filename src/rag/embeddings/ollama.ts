import { ollamaHostFromEnv } from '../../providers/ollama/host.js';
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
 * Ollama's `/api/embed` (batch input). The host is `baseUrl`, else OLLAMA_HOST (read as OllamaLLM
 * reads it), else http://127.0.0.1:11434. No key is needed; one given (or OLLAMA_API_KEY) is sent as Bearer,
 * for Ollama behind an authenticating proxy or ollama.com.
 */
export class OllamaEmbeddings implements Embeddings {
  readonly model: string;
  /** The resolved request URL. */
  readonly url: string;
  readonly #endpoint: EmbeddingsEndpoint;
  #inputTokens = 0;

  constructor(options: EmbeddingsClientOptions) {
    this.#endpoint = resolveEndpoint(
      options,
      'ollama',
      { env: 'OLLAMA_API_KEY', required: false },
      [],
    );
    this.model = this.#endpoint.model;
    this.url = `${this.#endpoint.baseUrl ?? ollamaHostFromEnv(process.env.OLLAMA_HOST)}/api/embed`;
  }

  /** Prompt tokens Ollama reported (`prompt_eval_count`) for this client so far. */
  get tokensUsed(): { input: number } {
    return { input: this.#inputTokens };
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    const vectors: number[][] = [];
    const headers: Record<string, string> = this.#endpoint.apiKey
      ? { authorization: `Bearer ${this.#endpoint.apiKey}` }
      : {};
    for (const batch of batchesOf(texts, this.#endpoint.batchSize)) {
      const answer = await postJson(this.#endpoint, {
        url: this.url,
        headers,
        body: { model: this.model, input: batch },
        signal: options.signal,
      });
      vectors.push(...this.#read(answer, batch.length));
    }
    return vectors;
  }

  /** `{ model, embeddings: [[...], ...], total_duration, load_duration, prompt_eval_count }`. */
  #read(answer: unknown, expected: number): number[][] {
    const { embeddings, prompt_eval_count: promptTokens } = (answer ?? {}) as {
      embeddings?: unknown;
      prompt_eval_count?: unknown;
    };
    if (!Array.isArray(embeddings) || embeddings.length !== expected) {
      throw unexpectedShape('ollama', `${expected} vectors in \`embeddings\``);
    }
    if (typeof promptTokens === 'number') this.#inputTokens += promptTokens;
    return embeddings.map((vector) => checkVector(vector, 'ollama'));
  }
}

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
 *
 * @example
 * ```ts
 * // After `ollama pull nomic-embed-text` and `ollama pull llama3.2`: nothing leaves the machine.
 * const embeddings = new OllamaEmbeddings({ model: 'nomic-embed-text' });
 * const rag = new RAG({ model: 'llama3.2', provider: 'ollama', embeddings });
 * await rag.add('The office plants are watered on Tuesdays.');
 * console.log(await rag.ask('When are the plants watered?'));
 * ```
 *
 * @category RAG
 */
export class OllamaEmbeddings implements Embeddings {
  /** The embeddings model sent with every request, e.g. `nomic-embed-text`. */
  readonly model: string;
  /** The resolved request URL. */
  readonly url: string;
  readonly #endpoint: EmbeddingsEndpoint;
  #inputTokens = 0;

  /**
   * @param options The model and the connection settings.
   * @throws ConfigError for an unknown or bad option, or an unusable OLLAMA_HOST.
   */
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
   *   LLM call (`ConnectionError` when Ollama is not running, `TimeoutError`, `AbortError`...);
   *   a `ProviderError` when the answer lacks a vector for every text.
   */
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

import type { LLMConfig, LLMConfigOptions } from '../../config.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { streamingRequestHeaders } from '../headers.js';
import { withPullAdvice } from './errors.js';
import { ollamaHostFromEnv } from './host.js';
import { OLLAMA_CHAT_OWNED_FIELDS, ollamaChatBody } from './request.js';
import { parseOllamaStream } from './stream.js';
import { ollamaStructuredSupport } from './structured.js';

/**
 * Ollama's native `/api/chat` (NDJSON). The server is `baseUrl`, else OLLAMA_HOST (read as the
 * `ollama` CLI reads it), else http://127.0.0.1:11434. No key is needed locally; a key (apiKey
 * or OLLAMA_API_KEY) is sent as a Bearer token, for https://ollama.com.
 *
 * Tools: Ollama has no `tool_choice` and no parallel switch. `toolChoice: 'none'` sends no tools
 * (the model cannot call any); `'required'`, `{ tool }` and `parallelToolCalls: false` are a
 * ConfigError. Reasoning (`message.thinking`) arrives as `reasoning` events, and goes back as
 * `thinking` on later turns.
 *
 * @example
 * ```ts
 * const llm = new OllamaLLM({ model: 'llama3.2', baseUrl: 'http://gpu-box:11434' });
 * ```
 *
 * @category Providers
 */
export class OllamaLLM extends BaseLLM {
  readonly #host: string;

  /**
   * @param config An {@link LLMConfig} or its options; no API key needed.
   * @throws ConfigError for a bad config or an unusable OLLAMA_HOST.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, {
      name: 'ollama',
      apiKeyEnv: 'OLLAMA_API_KEY',
      apiKeyRequired: false,
      ownedBodyFields: OLLAMA_CHAT_OWNED_FIELDS,
      structuredOutput: ollamaStructuredSupport,
      // Images as bare base64 only: every URL is downloaded first. No file (PDF) input.
      media: { images: { takesUrls: false } },
    });
    this.#host = this.config.baseUrl ?? ollamaHostFromEnv(process.env.OLLAMA_HOST);
  }

  get endpoint(): string {
    return `${this.#host}/api/chat`;
  }

  protected async *streamParts(call: ProviderCall, http: HttpClient): AsyncGenerator<StreamPart> {
    const headers = streamingRequestHeaders(this.apiKey(), 'authorization', 'application/x-ndjson');
    // Built first: a tool option Ollama cannot express is a ConfigError before any request.
    const body = JSON.stringify(ollamaChatBody(call));
    let response: Response;
    try {
      response = await http.post(this.endpoint, { headers, body });
    } catch (error) {
      throw withPullAdvice(error, call.model);
    }
    yield* parseOllamaStream(response, http);
  }
}

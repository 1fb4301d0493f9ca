import type { LLMConfig, LLMConfigOptions } from '../../config.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { streamingRequestHeaders } from '../headers.js';
import type { ChatCompletionsDialect } from '../openai-chat/presets.js';
import { CHAT_COMPLETIONS_OWNED_FIELDS, chatCompletionsBody } from '../openai-chat/request.js';
import { parseChatStream } from '../openai-chat/stream.js';
import { chatStructuredSupport } from '../openai-chat/structured.js';

const MISTRAL_BASE_URL = 'https://api.mistral.ai/v1';

/**
 * Mistral speaks a Chat Completions dialect (docs/wire-protocols.md: Mistral), so the request body and the
 * stream parser are the shared Chat Completions ones. It rejects `stream_options` with a 422,
 * yet always reports usage on its finish chunk; `max_tokens` is its only limit field. Magistral's typed `content` arrays are handled by the shared parser.
 */
const MISTRAL_DIALECT: ChatCompletionsDialect = {
  provider: 'mistral',
  includeUsage: false,
  maxTokensField: 'max_tokens',
  tools: true,
  toolResultName: true,
  // Images as image_url, PDFs as document_url: a URL, or the content as a data URL.
  media: {
    images: { takesUrls: true },
    files: { takesUrls: true, mediaTypes: ['application/pdf'] },
  },
  fileShape: 'document_url',
  // none, minimal, low, medium, high, xhigh: every effort of ours is a word of Mistral's.
  reasoningControl: 'reasoning_effort',
};

/**
 * Mistral La Plateforme chat completions (env MISTRAL_API_KEY).
 *
 * @category Providers
 */
export class MistralLLM extends BaseLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no MISTRAL_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, {
      name: 'mistral',
      apiKeyEnv: 'MISTRAL_API_KEY',
      apiKeyRequired: true,
      ownedBodyFields: CHAT_COMPLETIONS_OWNED_FIELDS,
      structuredOutput: chatStructuredSupport(MISTRAL_DIALECT),
      media: MISTRAL_DIALECT.media,
    });
  }

  get endpoint(): string {
    return `${this.config.baseUrl ?? MISTRAL_BASE_URL}/chat/completions`;
  }

  protected streamParts(call: ProviderCall, http: HttpClient): AsyncIterable<StreamPart> {
    const response = http.post(this.endpoint, {
      headers: streamingRequestHeaders(this.apiKey()),
      body: JSON.stringify(chatCompletionsBody(call, MISTRAL_DIALECT, call.model)),
    });
    return parseChatStream(response, http);
  }
}

import type { LLMConfig, LLMConfigOptions } from '../../config.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { streamingRequestHeaders } from '../headers.js';
import { withApiKeyFromEnv } from '../api-key-env.js';
import { CHAT_V2_OWNED_FIELDS, chatV2Body } from './request.js';
import { parseChatV2Stream } from './stream.js';
import { cohereStructuredSupport } from './structured.js';

const DEFAULT_BASE_URL = 'https://api.cohere.com';

/**
 * Cohere Chat v2 (env COHERE_API_KEY, else CO_API_KEY): Bearer auth, named SSE events.
 *
 * @category Providers
 */
export class CohereLLM extends BaseLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no COHERE_API_KEY
   *   or CO_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(withApiKeyFromEnv(config, ['COHERE_API_KEY', 'CO_API_KEY']), {
      name: 'cohere',
      apiKeyEnv: 'COHERE_API_KEY',
      apiKeyRequired: true,
      ownedBodyFields: CHAT_V2_OWNED_FIELDS,
      structuredOutput: cohereStructuredSupport,
      // Images as image_url, by URL or as a data URL; no file input in Chat v2.
      media: { images: { takesUrls: true } },
    });
  }

  get endpoint(): string {
    return `${this.config.baseUrl ?? DEFAULT_BASE_URL}/v2/chat`;
  }

  protected streamParts(call: ProviderCall, http: HttpClient): AsyncIterable<StreamPart> {
    const response = http.post(this.endpoint, {
      headers: streamingRequestHeaders(this.apiKey()),
      body: JSON.stringify(chatV2Body(call)),
    });
    return parseChatV2Stream(response, http);
  }
}

import type { LLMConfig, LLMConfigOptions } from '../../config.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { streamingRequestHeaders } from '../headers.js';
import { ANTHROPIC_MEDIA } from './media.js';
import { MESSAGES_OWNED_FIELDS, messagesBody } from './request.js';
import { parseMessagesStream } from './stream.js';
import { anthropicStructuredSupport } from './structured.js';

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The API version every request must name; 2023-06-01 is the current stable one. */
const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic's Messages API (env ANTHROPIC_API_KEY): top-level `system`, required
 * `max_tokens`, named SSE events. Beta features go in `headers: { 'anthropic-beta': ... }`.
 * Tools, every `toolChoice` and `parallelToolCalls` are supported; thinking streams as
 * reasoning, and its signatures and redacted blocks are kept in `providerData.anthropic` and
 * sent back in place when you pass the returned messages back.
 *
 * @category Providers
 */
export class AnthropicLLM extends BaseLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no ANTHROPIC_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, {
      name: 'anthropic',
      apiKeyEnv: 'ANTHROPIC_API_KEY',
      apiKeyRequired: true,
      baseUrlEnv: { name: 'ANTHROPIC_BASE_URL' },
      ownedBodyFields: MESSAGES_OWNED_FIELDS,
      structuredOutput: anthropicStructuredSupport,
      media: ANTHROPIC_MEDIA,
    });
  }

  get endpoint(): string {
    return `${this.config.baseUrl ?? DEFAULT_BASE_URL}/v1/messages`;
  }

  protected streamParts(call: ProviderCall, http: HttpClient): AsyncIterable<StreamPart> {
    const headers = {
      ...streamingRequestHeaders(this.apiKey(), 'x-api-key'),
      'anthropic-version': ANTHROPIC_VERSION,
    };
    const response = http.post(this.endpoint, {
      headers,
      body: JSON.stringify(messagesBody(call)),
    });
    return parseMessagesStream(response, http);
  }
}

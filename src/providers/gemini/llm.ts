import type { LLMConfig, LLMConfigOptions } from '../../config.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { streamingRequestHeaders } from '../headers.js';
import { withApiKeyFromEnv } from '../api-key-env.js';
import { GEMINI_MEDIA } from './media.js';
import { GENERATE_CONTENT_OWNED_FIELDS, generateContentBody, modelPath } from './request.js';
import { parseGenerateContentStream } from './stream.js';
import { geminiStructuredSupport } from './structured.js';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/**
 * Google Gemini through the generativelanguage API (env GEMINI_API_KEY, else GOOGLE_API_KEY):
 * `systemInstruction`, roles user/model, `generationConfig`, SSE with CRLF line ends. Tools go
 * as `functionDeclarations` (there is no switch for parallel calls, so `parallelToolCalls: false`
 * is refused); thought summaries stream as reasoning; each part's `thoughtSignature` and a
 * call's Gemini id are kept in `providerData.gemini` and sent back on the same part.
 *
 * @category Providers
 */
export class GeminiLLM extends BaseLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no GEMINI_API_KEY
   *   or GOOGLE_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(withApiKeyFromEnv(config, ['GEMINI_API_KEY', 'GOOGLE_API_KEY']), {
      name: 'gemini',
      apiKeyEnv: 'GEMINI_API_KEY',
      apiKeyRequired: true,
      ownedBodyFields: GENERATE_CONTENT_OWNED_FIELDS,
      structuredOutput: geminiStructuredSupport,
      media: GEMINI_MEDIA,
    });
  }

  get endpoint(): string {
    const base = this.config.baseUrl ?? DEFAULT_BASE_URL;
    // Without alt=sse the endpoint streams one big JSON array instead of events.
    return `${base}/${modelPath(this.config.model)}:streamGenerateContent?alt=sse`;
  }

  protected streamParts(call: ProviderCall, http: HttpClient): AsyncIterable<StreamPart> {
    // The header, not the `?key=` query form, so the key stays out of URLs and logs.
    const headers = streamingRequestHeaders(this.apiKey(), 'x-goog-api-key');
    const response = http.post(this.endpoint, {
      headers,
      body: JSON.stringify(generateContentBody(call)),
    });
    return parseGenerateContentStream(response, http);
  }
}

import type { LLMConfig, LLMConfigOptions } from '../../config.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { BedrockAuthorizer } from './authorise.js';
import {
  missingRegionError,
  resolveAuth,
  resolveRegion,
  type BedrockOptions,
} from './credentials.js';
import { decodeEventStream, loadEventStreamCodec } from './event-stream.js';
import { BEDROCK_MEDIA } from './media.js';
import { CONVERSE_STREAM_OWNED_FIELDS, converseStreamBody, converseStreamPath } from './request.js';
import { parseConverseStream } from './stream.js';
import { bedrockStructuredSupport } from './structured.js';

export type { BedrockCredentials, BedrockOptions } from './credentials.js';

/**
 * Amazon Bedrock's Converse Stream API: SigV4-signed (service `bedrock`) or with a Bedrock
 * API key, answered with binary AWS event-stream frames. The signer (aws4fetch) and the frame
 * codec (@smithy/eventstream-codec) are optional peer dependencies, loaded on the first call.
 * Tools go in `toolConfig` (`toolChoice: 'none'` sends no tools; Converse has no parallel
 * switch, so `parallelToolCalls: false` is a ConfigError); reasoning comes back as `reasoning`
 * events, its signature or redacted content kept in `providerData.bedrock` and sent back as is.
 *
 * @example
 * ```ts
 * const llm = new BedrockLLM(
 *   { model: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
 *   { region: 'us-east-1' }, // credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * );
 * ```
 *
 * @category Providers
 */
export class BedrockLLM extends BaseLLM {
  /** The AWS region (a non-secret part of the cache key); undefined only with baseUrl and a bearer key. */
  readonly region: string | undefined;
  readonly #authorizer: BedrockAuthorizer;

  /**
   * @param config An {@link LLMConfig} or its options; `apiKey` is a Bedrock API key (else
   *   AWS_BEARER_TOKEN_BEDROCK, else SigV4 credentials).
   * @param options Region and AWS credentials, each with its AWS env var fallback.
   * @throws ConfigError for a bad config, or without a region or any credentials.
   */
  constructor(config: LLMConfig | LLMConfigOptions, options: BedrockOptions = {}) {
    // No apiKeyEnv: AWS_BEARER_TOKEN_BEDROCK must not win over explicit credentials, so
    // resolveAuth reads it itself, in order.
    super(config, {
      name: 'bedrock',
      apiKeyEnv: undefined,
      apiKeyRequired: false,
      // The AWS SDKs' service-specific endpoint variable (a VPC endpoint, a proxy).
      baseUrlEnv: { name: 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME' },
      ownedBodyFields: CONVERSE_STREAM_OWNED_FIELDS,
      structuredOutput: bedrockStructuredSupport,
      media: BEDROCK_MEDIA,
    });
    const auth = resolveAuth(this.config.apiKey, options);
    this.region = resolveRegion(options);
    this.#authorizer = new BedrockAuthorizer(auth, this.region, super.secrets());
    if (
      this.region === undefined &&
      (this.#authorizer.signs || this.config.baseUrl === undefined)
    ) {
      throw missingRegionError();
    }
  }

  get endpoint(): string {
    const base = this.config.baseUrl ?? `https://bedrock-runtime.${this.region}.amazonaws.com`;
    return `${base}${converseStreamPath(this.config.model)}`;
  }

  // With a baseUrl (a proxy) the region is not in the endpoint, yet answers differ by region.
  protected override cacheKeyOptions(): Record<string, unknown> {
    return { region: this.region };
  }

  protected override secrets(): readonly string[] {
    return this.#authorizer.secrets;
  }

  protected async *streamParts(call: ProviderCall, http: HttpClient): AsyncGenerator<StreamPart> {
    const url = this.endpoint;
    const body = JSON.stringify(converseStreamBody(call));
    // Loaded before the request, so a missing package never costs a billed call.
    const codec = await loadEventStreamCodec();
    const headers = await this.#authorizer.authorise(url, body, {
      'content-type': 'application/json',
    });
    const response = await http.post(url, { headers, body });
    yield* parseConverseStream(decodeEventStream(http.bytes(response), codec), http);
  }
}

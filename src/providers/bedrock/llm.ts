import type { LLMConfig, LLMConfigOptions } from '../../config.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import {
  missingRegionError,
  provideCredentials,
  resolveAuth,
  resolveRegion,
  type BedrockAuth,
  type BedrockCredentials,
  type BedrockOptions,
} from './credentials.js';
import { decodeEventStream, loadEventStreamCodec } from './event-stream.js';
import { BEDROCK_MEDIA } from './media.js';
import { CONVERSE_STREAM_OWNED_FIELDS, converseStreamBody, converseStreamPath } from './request.js';
import { signBedrockRequest } from './signing.js';
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
  readonly #auth: BedrockAuth;
  // One live list: the transport reads it when it builds an error, so credentials that a
  // credentialProvider hands over later are scrubbed too.
  readonly #secrets: string[] = [];

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
    this.#auth = resolveAuth(this.config.apiKey, options);
    this.region = resolveRegion(options);
    const signs = this.#auth.kind === 'sigv4' || this.#auth.kind === 'sigv4-provider';
    if (this.region === undefined && (signs || this.config.baseUrl === undefined)) {
      throw missingRegionError();
    }
    for (const secret of super.secrets()) this.#addSecret(secret);
    if (this.#auth.kind === 'bearer') this.#addSecret(this.#auth.token);
    if (this.#auth.kind === 'sigv4') this.#addCredentialSecrets(this.#auth.credentials);
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
    return this.#secrets;
  }

  protected async *streamParts(call: ProviderCall, http: HttpClient): AsyncGenerator<StreamPart> {
    const url = this.endpoint;
    const body = JSON.stringify(converseStreamBody(call));
    // Loaded before the request, so a missing package never costs a billed call.
    const codec = await loadEventStreamCodec();
    const headers = await this.#authorise(url, body);
    const response = await http.post(url, { headers, body });
    yield* parseConverseStream(decodeEventStream(http.bytes(response), codec), http);
  }

  /** Headers for this exact body: a bearer key, a SigV4 signature, or nothing. */
  async #authorise(url: string, body: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = this.#auth;
    if (auth.kind === 'none') return headers;
    if (auth.kind === 'bearer') return { ...headers, authorization: `Bearer ${auth.token}` };
    let credentials: BedrockCredentials;
    if (auth.kind === 'sigv4') {
      credentials = auth.credentials;
    } else {
      credentials = await provideCredentials(auth.provider);
      this.#addCredentialSecrets(credentials);
    }
    // The constructor guarantees a region whenever we sign.
    const region = this.region as string;
    return signBedrockRequest({ url, body, headers, region, credentials });
  }

  #addCredentialSecrets(credentials: BedrockCredentials): void {
    this.#addSecret(credentials.secretAccessKey);
    if (credentials.sessionToken) this.#addSecret(credentials.sessionToken);
  }

  #addSecret(secret: string): void {
    if (!this.#secrets.includes(secret)) this.#secrets.push(secret);
  }
}

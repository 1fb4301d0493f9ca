import { checkBaseUrl, LLMConfig, type LLMConfigOptions } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { BaseLLM } from '../../llm/base.js';
import type { ProviderCall, StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { streamingRequestHeaders } from '../headers.js';
import {
  AZURE_PRESET,
  azureApiVersion,
  OPENAI_COMPATIBLE_PRESETS,
  type ChatCompletionsDialect,
  type OpenAIChatPreset,
} from './presets.js';
import {
  CHAT_COMPLETIONS_OWNED_FIELDS,
  chatCompletionsBody,
  isOpenAIModel,
  rejectsSampling,
} from './request.js';
import { parseChatStream } from './stream.js';
import { chatStructuredSupport } from './structured.js';

/**
 * The OpenAI Chat Completions protocol. Each vendor class is this protocol plus a preset
 * (base URL, key env var, dialect flags); Azure also changes the URL and the key header.
 *
 * @category Providers
 */
export abstract class OpenAIChatLLM extends BaseLLM {
  /** @internal The vendor's base URL, key env var and dialect flags. */
  protected readonly preset: OpenAIChatPreset;

  /** @internal Vendor classes pass their preset. */
  constructor(config: LLMConfig | LLMConfigOptions, preset: OpenAIChatPreset) {
    super(config, {
      name: preset.provider,
      apiKeyEnv: preset.apiKeyEnv,
      apiKeyRequired: true,
      baseUrlEnv: preset.baseUrlEnv,
      ownedBodyFields: CHAT_COMPLETIONS_OWNED_FIELDS,
      structuredOutput: chatStructuredSupport(preset),
      media: preset.media,
    });
    this.preset = preset;
  }

  get endpoint(): string {
    return `${this.config.baseUrl ?? this.preset.baseUrl}/chat/completions`;
  }

  protected override sendsDefaultTemperature(model: string): boolean {
    return !rejectsSampling(model);
  }

  /** Auth and vendor headers; an empty key sends no auth header (local servers). */
  protected requestHeaders(): Record<string, string> {
    return streamingRequestHeaders(this.apiKey());
  }

  /** The `model` sent in the body. */
  protected requestModel(call: ProviderCall): string {
    return call.model;
  }

  /** @internal How the request and the stream are spelt: the preset's, unless a class knows better. */
  protected chatDialect(): ChatCompletionsDialect {
    return this.preset;
  }

  protected streamParts(call: ProviderCall, http: HttpClient): AsyncIterable<StreamPart> {
    const dialect = this.chatDialect();
    const body = chatCompletionsBody(call, dialect, this.requestModel(call));
    const response = http.post(this.endpoint, {
      headers: this.requestHeaders(),
      body: JSON.stringify(body),
    });
    return parseChatStream(response, http);
  }
}

/**
 * Optional OpenAI account headers (env OPENAI_ORG_ID, OPENAI_PROJECT_ID).
 *
 * @category Providers
 */
export interface OpenAIOptions {
  /** Sent as `OpenAI-Organization`; default OPENAI_ORG_ID. */
  organization?: string;
  /** Sent as `OpenAI-Project`; default OPENAI_PROJECT_ID. */
  project?: string;
}

/**
 * OpenAI Chat Completions (env OPENAI_API_KEY). Sends `max_completion_tokens` (`max_tokens` to
 * a custom `baseUrl` serving a model that is not OpenAI's: local servers read that one), asks
 * for usage with `stream_options.include_usage`, and sends no default temperature to o-series
 * and gpt-5 models (which reject it).
 *
 * @example
 * ```ts
 * const llm = new OpenAILLM({ model: 'gpt-4o-mini' }, { project: 'proj_123' });
 * ```
 *
 * @category Providers
 */
export class OpenAILLM extends OpenAIChatLLM {
  readonly #organization: string | undefined;
  readonly #project: string | undefined;
  readonly #dialect: ChatCompletionsDialect;

  /**
   * @param config An {@link LLMConfig} or its options.
   * @param options Organization and project headers.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no OPENAI_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions, options: OpenAIOptions = {}) {
    super(config, OPENAI_COMPATIBLE_PRESETS.openai);
    this.#organization = options.organization ?? process.env.OPENAI_ORG_ID;
    this.#project = options.project ?? process.env.OPENAI_PROJECT_ID;
    // OpenAI's models want max_completion_tokens (its reasoning models refuse max_tokens), also
    // behind a proxy. The OpenAI-compatible servers a baseUrl points at otherwise (vLLM,
    // llama.cpp, Ollama, LM Studio, transformers serve) all read max_tokens, and some ignore
    // the newer name, so a limit sent under it would be lost.
    const localServer = this.config.baseUrl !== undefined && !isOpenAIModel(this.config.model);
    this.#dialect = localServer ? { ...this.preset, maxTokensField: 'max_tokens' } : this.preset;
  }

  /** @internal The preset's dialect, with `max_tokens` for a local server (see the constructor). */
  protected override chatDialect(): ChatCompletionsDialect {
    return this.#dialect;
  }

  protected override requestHeaders(): Record<string, string> {
    const headers = super.requestHeaders();
    if (this.#organization) headers['openai-organization'] = this.#organization;
    if (this.#project) headers['openai-project'] = this.#project;
    return headers;
  }
}

/**
 * Azure OpenAI deployment settings; `endpoint` falls back to AZURE_OPENAI_ENDPOINT.
 *
 * @category Providers
 */
export interface AzureOpenAIOptions {
  /** e.g. https://my-resource.openai.azure.com */
  endpoint?: string;
  /** Default '2024-10-21' (or OPENAI_API_VERSION). */
  apiVersion?: string;
  /** Default: the model name. */
  deployment?: string;
}

/**
 * Azure OpenAI (env AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT): posts to
 * `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...` with an
 * `api-key` header.
 *
 * @example
 * ```ts
 * const llm = new AzureOpenAILLM(
 *   { model: 'gpt-4o' },
 *   { endpoint: 'https://my-resource.openai.azure.com', deployment: 'gpt-4o-prod' },
 * );
 * ```
 *
 * @category Providers
 */
export class AzureOpenAILLM extends OpenAIChatLLM {
  /** The deployment name in the URL: the `deployment` option, else the model. */
  readonly deployment: string;
  /** The `api-version` query parameter. */
  readonly apiVersion: string;
  readonly #resource: string;

  /**
   * @param config An {@link LLMConfig} or its options; `baseUrl`, when given, is the endpoint.
   * @param options The resource endpoint, API version and deployment.
   * @throws ConfigError for a bad config, without an endpoint, or when there is no `apiKey` and
   *   no AZURE_OPENAI_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions, options: AzureOpenAIOptions = {}) {
    // The resource endpoint is Azure's base URL: `baseUrl`, else `endpoint`, else
    // AZURE_OPENAI_ENDPOINT (the preset's baseUrlEnv), all checked like `baseUrl`.
    super(withEndpointAsBaseUrl(config, options.endpoint), AZURE_PRESET);
    const resource = this.config.baseUrl;
    if (resource === undefined) {
      throw new ConfigError(
        'AzureOpenAILLM needs the resource endpoint: pass { endpoint: "https://<resource>.openai.azure.com" } ' +
          'as the second argument, set AZURE_OPENAI_ENDPOINT, or set baseUrl.',
        'endpoint',
      );
    }
    this.#resource = resource;
    this.deployment = options.deployment ?? this.config.model;
    this.apiVersion = azureApiVersion(options.apiVersion);
  }

  override get endpoint(): string {
    const deployment = encodeURIComponent(this.deployment);
    return `${this.#resource}/openai/deployments/${deployment}/chat/completions?api-version=${encodeURIComponent(this.apiVersion)}`;
  }

  protected override requestHeaders(): Record<string, string> {
    return streamingRequestHeaders(this.apiKey(), 'api-key');
  }
}

/** The config with `baseUrl` set to Azure's `endpoint` option when it has none of its own. */
function withEndpointAsBaseUrl(
  config: LLMConfig | LLMConfigOptions,
  endpoint: string | undefined,
): LLMConfig | LLMConfigOptions {
  // Anything that is not an options object is left for LLMConfig to reject with its own message.
  if (config === null || typeof config !== 'object' || config.baseUrl !== undefined) return config;
  if (endpoint === undefined) return config;
  const options = config instanceof LLMConfig ? config.toOptions() : config;
  return { ...options, baseUrl: checkBaseUrl(endpoint, 'endpoint') };
}

/**
 * Groq (env GROQ_API_KEY).
 *
 * @category Providers
 */
export class GroqLLM extends OpenAIChatLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no GROQ_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, OPENAI_COMPATIBLE_PRESETS.groq);
  }
}

/**
 * DeepSeek (env DEEPSEEK_API_KEY); `reasoning_content` is kept out of the text.
 *
 * @category Providers
 */
export class DeepSeekLLM extends OpenAIChatLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no DEEPSEEK_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, OPENAI_COMPATIBLE_PRESETS.deepseek);
  }
}

/**
 * OpenRouter attribution headers (optional).
 *
 * @category Providers
 */
export interface OpenRouterOptions {
  /** Sent as HTTP-Referer. */
  appUrl?: string;
  /** Sent as X-Title. */
  appName?: string;
}

/**
 * OpenRouter (env OPENROUTER_API_KEY); model ids are `vendor/model`.
 *
 * @example
 * ```ts
 * const llm = new OpenRouterLLM(
 *   { model: 'openai/gpt-4o-mini' },
 *   { appUrl: 'https://example.com', appName: 'My App' },
 * );
 * ```
 *
 * @category Providers
 */
export class OpenRouterLLM extends OpenAIChatLLM {
  readonly #options: OpenRouterOptions;

  /**
   * @param config An {@link LLMConfig} or its options.
   * @param options Attribution headers for openrouter.ai's app rankings.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no OPENROUTER_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions, options: OpenRouterOptions = {}) {
    super(config, OPENAI_COMPATIBLE_PRESETS.openrouter);
    this.#options = options;
  }

  protected override requestHeaders(): Record<string, string> {
    const headers = super.requestHeaders();
    if (this.#options.appUrl) headers['http-referer'] = this.#options.appUrl;
    if (this.#options.appName) headers['x-title'] = this.#options.appName;
    return headers;
  }
}

/**
 * Together AI (env TOGETHER_API_KEY).
 *
 * @category Providers
 */
export class TogetherLLM extends OpenAIChatLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no TOGETHER_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, OPENAI_COMPATIBLE_PRESETS.together);
  }
}

/**
 * Fireworks AI (env FIREWORKS_API_KEY); model ids are `accounts/fireworks/models/<name>`.
 *
 * @category Providers
 */
export class FireworksLLM extends OpenAIChatLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no FIREWORKS_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, OPENAI_COMPATIBLE_PRESETS.fireworks);
  }
}

/**
 * Perplexity Sonar (env PERPLEXITY_API_KEY); usage is cumulative and EOF ends the stream.
 *
 * @category Providers
 */
export class PerplexityLLM extends OpenAIChatLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no PERPLEXITY_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, OPENAI_COMPATIBLE_PRESETS.perplexity);
  }
}

/**
 * Cerebras (env CEREBRAS_API_KEY).
 *
 * @category Providers
 */
export class CerebrasLLM extends OpenAIChatLLM {
  /**
   * @param config An {@link LLMConfig} or its options.
   * @throws ConfigError for a bad config, or when there is no `apiKey` and no CEREBRAS_API_KEY.
   */
  constructor(config: LLMConfig | LLMConfigOptions) {
    super(config, OPENAI_COMPATIBLE_PRESETS.cerebras);
  }
}

import type { BedrockOptions } from './bedrock/llm.js';
import type { AzureOpenAIOptions, OpenAIOptions, OpenRouterOptions } from './openai-chat/llm.js';

/**
 * No provider-specific settings.
 *
 * @category Providers
 */
export type NoProviderOptions = Record<string, never>;

/**
 * The typed second constructor argument of each provider class, by provider name; also the
 * second argument of {@link createLLM}, checked against the config's `provider`.
 *
 * @example
 * ```ts
 * const azure = createLLM(
 *   { model: 'gpt-4o', provider: 'azure' },
 *   { endpoint: 'https://my-resource.openai.azure.com', deployment: 'gpt-4o-prod' },
 * );
 * ```
 *
 * @category Providers
 */
export interface ProviderOptions {
  /** `{ organization, project }` headers (OPENAI_ORG_ID, OPENAI_PROJECT_ID). */
  openai: OpenAIOptions;
  /** `{ endpoint, apiVersion, deployment }` (AZURE_OPENAI_ENDPOINT). */
  azure: AzureOpenAIOptions;
  /** `{ appUrl, appName }` attribution headers. */
  openrouter: OpenRouterOptions;
  /** None. */
  groq: NoProviderOptions;
  /** None. */
  deepseek: NoProviderOptions;
  /** None. */
  together: NoProviderOptions;
  /** None. */
  fireworks: NoProviderOptions;
  /** None. */
  perplexity: NoProviderOptions;
  /** None. */
  cerebras: NoProviderOptions;
  /** None. */
  mistral: NoProviderOptions;
  /** None: the host is `baseUrl` (else OLLAMA_HOST, else http://127.0.0.1:11434). */
  ollama: NoProviderOptions;
  /** None; beta features go in the config's `headers` (`anthropic-beta`). */
  anthropic: NoProviderOptions;
  /** None. */
  gemini: NoProviderOptions;
  /** None. */
  cohere: NoProviderOptions;
  /** `{ region, credentials | credentialProvider }` (AWS_REGION, AWS_ACCESS_KEY_ID, ...). */
  bedrock: BedrockOptions;
}

import { LLMConfig, type LLMConfigOptions } from './config.js';
import {
  AzureOpenAILLM,
  CerebrasLLM,
  DeepSeekLLM,
  FireworksLLM,
  GroqLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  TogetherLLM,
} from './providers/openai-chat/llm.js';
import { MistralLLM } from './providers/mistral/llm.js';
import { OllamaLLM } from './providers/ollama/llm.js';
import { AnthropicLLM } from './providers/anthropic/llm.js';
import { GeminiLLM } from './providers/gemini/llm.js';
import { CohereLLM } from './providers/cohere/llm.js';
import { BedrockLLM } from './providers/bedrock/llm.js';
import type { ProviderOptions } from './providers/options.js';
import type { ProviderName } from './types.js';
import type { BaseLLM } from './llm/base.js';

type Factory<P extends ProviderName> = (
  config: LLMConfig,
  options: ProviderOptions[P] | undefined,
) => BaseLLM;

// Typed over every ProviderName, so a provider without a class does not compile.
const FACTORIES: { [P in ProviderName]: Factory<P> } = {
  openai: (config, options) => new OpenAILLM(config, options),
  azure: (config, options) => new AzureOpenAILLM(config, options),
  openrouter: (config, options) => new OpenRouterLLM(config, options),
  groq: (config) => new GroqLLM(config),
  deepseek: (config) => new DeepSeekLLM(config),
  together: (config) => new TogetherLLM(config),
  fireworks: (config) => new FireworksLLM(config),
  perplexity: (config) => new PerplexityLLM(config),
  cerebras: (config) => new CerebrasLLM(config),
  mistral: (config) => new MistralLLM(config),
  ollama: (config) => new OllamaLLM(config),
  anthropic: (config) => new AnthropicLLM(config),
  gemini: (config) => new GeminiLLM(config),
  cohere: (config) => new CohereLLM(config),
  bedrock: (config, options) => new BedrockLLM(config, options),
};

/**
 * Build the LLM class for the config's provider (given, or detected from the model name with
 * {@link detectProvider}), with that provider's typed options ({@link ProviderOptions}).
 *
 * @param config An {@link LLMConfig} or its options.
 * @param providerOptions The provider class's second constructor argument.
 * @throws ConfigError for a bad config, a missing API key (naming the env var), or a missing
 *   provider setting (Azure endpoint, Bedrock region).
 *
 * @example
 * ```ts
 * const gpt = createLLM({ model: 'gpt-4o-mini' }); // OpenAILLM, key from OPENAI_API_KEY
 * const claude = createLLM({ model: 'claude-sonnet-4-5', maxRetries: 2 }); // AnthropicLLM
 * const local = createLLM({ model: 'llama3.2', provider: 'ollama' }); // no key needed
 * const bedrock = createLLM(
 *   { model: 'anthropic.claude-3-5-haiku-20241022-v1:0', provider: 'bedrock' },
 *   { region: 'us-east-1' },
 * );
 * ```
 *
 * @category Core
 */
export function createLLM<P extends ProviderName>(
  config: LLMConfigOptions & { provider: P },
  providerOptions?: ProviderOptions[P],
): BaseLLM;
/**
 * The same, for an {@link LLMConfig} or a config whose `provider` is not known at compile time
 * (detected from the model id): `providerOptions` is then not type-checked against it.
 */
export function createLLM(config: LLMConfigOptions | LLMConfig, providerOptions?: object): BaseLLM;
export function createLLM(config: LLMConfigOptions | LLMConfig, providerOptions?: object): BaseLLM {
  const resolved = config instanceof LLMConfig ? config : new LLMConfig(config);
  const factory = FACTORIES[resolved.provider] as Factory<ProviderName>;
  return factory(resolved, providerOptions as ProviderOptions[ProviderName] | undefined);
}

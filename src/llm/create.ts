import { LLMConfig, type LLMConfigOptions } from '../config.js';
import { ConfigError } from '../errors.js';
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
} from '../providers/openai-chat/llm.js';
import { MistralLLM } from '../providers/mistral/llm.js';
import { OllamaLLM } from '../providers/ollama/llm.js';
import { AnthropicLLM } from '../providers/anthropic/llm.js';
import { GeminiLLM } from '../providers/gemini/llm.js';
import { CohereLLM } from '../providers/cohere/llm.js';
import type { ProviderOptions } from '../providers/options.js';
import type { ProviderName } from '../types.js';
import type { BaseLLM } from './base.js';

type Factory<P extends keyof ProviderOptions> = (
  config: LLMConfig,
  options: ProviderOptions[P] | undefined,
) => BaseLLM;

const FACTORIES: { [P in keyof ProviderOptions]: Factory<P> } = {
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
};

/**
 * Build the LLM class for the config's provider (given, or detected from the model name),
 * with that provider's typed options.
 */
export function createLLM<P extends ProviderName>(
  config: (LLMConfigOptions & { provider: P }) | LLMConfig,
  providerOptions?: P extends keyof ProviderOptions ? ProviderOptions[P] : never,
): BaseLLM;
export function createLLM(config: LLMConfigOptions | LLMConfig, providerOptions?: object): BaseLLM;
export function createLLM(config: LLMConfigOptions | LLMConfig, providerOptions?: object): BaseLLM {
  const resolved = config instanceof LLMConfig ? config : new LLMConfig(config);
  const provider = resolved.provider;
  if (!(provider in FACTORIES)) {
    throw new ConfigError(`Provider '${provider}' is not available in this build.`, 'provider');
  }
  const factory = FACTORIES[provider as keyof ProviderOptions] as Factory<keyof ProviderOptions>;
  return factory(resolved, providerOptions as ProviderOptions[keyof ProviderOptions] | undefined);
}

import {
  AnthropicLLM,
  AzureOpenAILLM,
  BedrockLLM,
  CerebrasLLM,
  CohereLLM,
  DeepSeekLLM,
  FireworksLLM,
  GeminiLLM,
  GroqLLM,
  MistralLLM,
  OllamaLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  TogetherLLM,
  type BaseLLM,
  type LLMConfigOptions,
  type ProviderName,
} from '../../src/index.js';

/**
 * Every provider class, built from config options alone: Bedrock gets a region (the config's
 * `apiKey` is then its bearer key), Azure takes `baseUrl` as its endpoint.
 */
export const EVERY_PROVIDER: Record<ProviderName, (config: LLMConfigOptions) => BaseLLM> = {
  openai: (config) => new OpenAILLM(config),
  anthropic: (config) => new AnthropicLLM(config),
  ollama: (config) => new OllamaLLM(config),
  cohere: (config) => new CohereLLM(config),
  mistral: (config) => new MistralLLM(config),
  gemini: (config) => new GeminiLLM(config),
  bedrock: (config) => new BedrockLLM(config, { region: 'us-east-1' }),
  azure: (config) => new AzureOpenAILLM(config),
  groq: (config) => new GroqLLM(config),
  deepseek: (config) => new DeepSeekLLM(config),
  openrouter: (config) => new OpenRouterLLM(config),
  together: (config) => new TogetherLLM(config),
  fireworks: (config) => new FireworksLLM(config),
  perplexity: (config) => new PerplexityLLM(config),
  cerebras: (config) => new CerebrasLLM(config),
};

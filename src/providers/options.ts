import type { AzureOpenAIOptions, OpenAIOptions, OpenRouterOptions } from './openai-chat/llm.js';

/** No provider-specific settings. */
export type NoProviderOptions = Record<string, never>;

/** The typed second constructor argument of each provider class, by provider name. */
export interface ProviderOptions {
  openai: OpenAIOptions;
  azure: AzureOpenAIOptions;
  openrouter: OpenRouterOptions;
  groq: NoProviderOptions;
  deepseek: NoProviderOptions;
  together: NoProviderOptions;
  fireworks: NoProviderOptions;
  perplexity: NoProviderOptions;
  cerebras: NoProviderOptions;
  mistral: NoProviderOptions;
  /** The host is `baseUrl` (else OLLAMA_HOST, else http://127.0.0.1:11434). */
  ollama: NoProviderOptions;
  anthropic: NoProviderOptions;
  gemini: NoProviderOptions;
  cohere: NoProviderOptions;
}

import type { ProviderName } from '../types.js';

// First match wins; prefixes are compared case-insensitively. Groq hosts Meta, Mistral's
// Mixtral and Google's Gemma open models, so `llama3-70b-8192` and `gemma2-9b-it` are Groq ids.
const PREFIX_RULES: ReadonlyArray<readonly [prefix: string, provider: ProviderName]> = [
  ['claude', 'anthropic'],
  ['gemini', 'gemini'],
  ['command', 'cohere'],
  ['mistral', 'mistral'],
  ['open-mistral', 'mistral'],
  ['deepseek', 'deepseek'],
  ['accounts/fireworks/', 'fireworks'],
  ['llama', 'groq'],
  ['mixtral', 'groq'],
  ['gemma', 'groq'],
];

/**
 * Guess the provider from a model id, case-insensitively, first match wins: `claude*`
 * anthropic, `gemini*` gemini, `command*` cohere, `mistral*`/`open-mistral*` mistral,
 * `deepseek*` deepseek, `accounts/fireworks/*` fireworks, `llama*`/`mixtral*`/`gemma*` groq,
 * any other id containing `/` openrouter, else openai. Pass `provider` explicitly to override
 * (Azure, Bedrock, Ollama, Together, Perplexity and Cerebras are never detected).
 *
 * @example
 * ```ts
 * detectProvider('claude-sonnet-4-5'); // 'anthropic'
 * detectProvider('llama-3.3-70b-versatile'); // 'groq'
 * detectProvider('openai/gpt-4o-mini'); // 'openrouter'
 * detectProvider('gpt-4o-mini'); // 'openai'
 * ```
 *
 * @category Core
 */
export function detectProvider(model: string): ProviderName {
  const id = model.trim().toLowerCase();
  for (const [prefix, provider] of PREFIX_RULES) {
    if (id.startsWith(prefix)) return provider;
  }
  return id.includes('/') ? 'openrouter' : 'openai';
}

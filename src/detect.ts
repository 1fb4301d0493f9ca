import { ConfigError } from './errors.js';
import type { ProviderName } from './types.js';

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
 * @throws ConfigError naming `model` when it is not a non-empty string.
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
  // Called from JavaScript too, where nothing stops a null or a number.
  if (typeof model !== 'string' || model.trim() === '') {
    const got =
      typeof model === 'string' ? JSON.stringify(model) : model === null ? 'null' : typeof model;
    throw new ConfigError(
      `detectProvider(model) expects a model id such as 'gpt-4o-mini' (got ${got}).`,
      'model',
    );
  }
  const id = model.trim().toLowerCase();
  for (const [prefix, provider] of PREFIX_RULES) {
    if (id.startsWith(prefix)) return provider;
  }
  return id.includes('/') ? 'openrouter' : 'openai';
}

/**
 * Ollama names models `name:tag` (`qwen2.5:7b`, `llama3.2:latest`, `hf.co/org/repo:Q4_K_M`).
 * Other ids with a colon are not local tags: OpenAI fine-tunes (`ft:gpt-4o-mini:org::id`),
 * Bedrock versions (`anthropic.claude-3-5-haiku-20241022-v1:0`) and ARNs (`arn:aws:...`).
 */
function looksLikeOllamaTag(id: string): boolean {
  if (/^(ft|arn):/i.test(id) || /-v\d+:\d+$/i.test(id)) return false;
  return /^[a-z0-9][\w./-]*:[\w.-]+$/i.test(id);
}

/**
 * A sentence for the missing-key error when the detected provider is probably not what the
 * caller meant: the model looks like a local Ollama model. Bare `llama*`, `gemma*` and
 * `mixtral*` names are Groq ids by the table, but also Ollama's (`llama3.2`, `gemma3`).
 * Empty when nothing suggests Ollama.
 */
export function localModelHint(model: string, detected: ProviderName): string {
  const id = model.trim();
  const why = looksLikeOllamaTag(id)
    ? `'${id}' looks like a local Ollama model (name:tag)`
    : detected === 'groq'
      ? `'${id}' is read as a Groq model from its name, but Ollama uses such names too`
      : undefined;
  return why === undefined
    ? ''
    : ` ${why}: if it runs on Ollama, pass provider: 'ollama' (no key needed).`;
}

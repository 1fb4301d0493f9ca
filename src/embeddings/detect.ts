import { ConfigError } from '../errors.js';
import type { EmbeddingsProviderName } from './types.js';

/** Every provider `createEmbeddings` speaks to, in a fixed order (for messages). */
export const EMBEDDINGS_PROVIDER_NAMES: readonly EmbeddingsProviderName[] = [
  'openai',
  'azure',
  'mistral',
  'together',
  'fireworks',
  'cohere',
  'gemini',
  'ollama',
  'bedrock',
];

// First match wins; ids are compared lower-cased. Only ids that one provider alone serves:
// `text-embedding-004` is Gemini's (before OpenAI's `text-embedding-*`), open models such as
// `nomic-embed-text` or `BAAI/bge-*` run on several providers and are never guessed.
const RULES: ReadonlyArray<readonly [pattern: RegExp, provider: EmbeddingsProviderName]> = [
  [/^(models\/)?(gemini-embedding-|text-embedding-004$)/, 'gemini'],
  [/^text-embedding-/, 'openai'],
  [/^embed-/, 'cohere'],
  [/^(mistral-embed|codestral-embed)/, 'mistral'],
  [/^([a-z]{2,6}\.)?(amazon\.titan-embed-|cohere\.embed-)/, 'bedrock'],
  [/^accounts\/fireworks\//, 'fireworks'],
];

/**
 * The embeddings provider of a model id, where only one provider serves it:
 * `gemini-embedding-*` and `text-embedding-004` gemini, `text-embedding-*` openai, `embed-*`
 * cohere, `mistral-embed` and `codestral-embed` mistral, `amazon.titan-embed-*` and
 * `cohere.embed-*` bedrock, `accounts/fireworks/*` fireworks; else undefined (pass
 * `provider`).
 *
 * @example
 * ```ts
 * detectEmbeddingsProvider('embed-v4.0'); // 'cohere'
 * detectEmbeddingsProvider('amazon.titan-embed-text-v2:0'); // 'bedrock'
 * detectEmbeddingsProvider('nomic-embed-text'); // undefined: Ollama, Together and Fireworks serve it
 * ```
 *
 * @category Embeddings
 */
export function detectEmbeddingsProvider(model: string): EmbeddingsProviderName | undefined {
  const id = model.trim().toLowerCase();
  return RULES.find(([pattern]) => pattern.test(id))?.[1];
}

/** The provider given, else the detected one; a ConfigError when neither says. */
export function resolveEmbeddingsProvider(
  model: string,
  provider: unknown,
): EmbeddingsProviderName {
  if (provider !== undefined) {
    if (!EMBEDDINGS_PROVIDER_NAMES.includes(provider as EmbeddingsProviderName)) {
      throw new ConfigError(
        `Embeddings providers are ${EMBEDDINGS_PROVIDER_NAMES.join(', ')} (got provider ` +
          `${JSON.stringify(provider)}). For another API, implement the Embeddings interface.`,
        'provider',
      );
    }
    return provider as EmbeddingsProviderName;
  }
  const detected = detectEmbeddingsProvider(model);
  if (detected === undefined) {
    throw new ConfigError(
      `Cannot tell which provider serves the embeddings model '${model}': pass provider, one of ` +
        `${EMBEDDINGS_PROVIDER_NAMES.join(', ')} (e.g. { model: '${model}', provider: 'ollama' }).`,
      'provider',
    );
  }
  return detected;
}

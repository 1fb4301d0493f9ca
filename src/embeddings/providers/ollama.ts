/**
 * Ollama's `/api/embed`: request `{ model, input, dimensions? }`, answer `{ model, embeddings,
 * prompt_eval_count }`. Ollama documents no batch limit; 128 texts a request keeps one answer
 * small and lets `concurrency` spread a large call.
 */
import { withPullAdvice } from '../../providers/ollama/errors.js';
import { ollamaHostFromEnv } from '../../providers/ollama/host.js';
import { streamingRequestHeaders } from '../../providers/headers.js';
import { secretsToScrub } from '../../secrets.js';
import type { EmbeddingsPath } from '../spec.js';
import { readVectors, tokenCount } from '../vectors.js';

/**
 * Ollama: the host is `baseUrl`, else OLLAMA_HOST (read as the `ollama` CLI reads it), else
 * http://127.0.0.1:11434. No key is needed; one given (or OLLAMA_API_KEY) goes as Bearer, for
 * Ollama behind an authenticating proxy or ollama.com.
 */
export const OLLAMA_PATH: EmbeddingsPath = {
  apiKeyEnvs: ['OLLAMA_API_KEY'],
  apiKeyRequired: false,
  optionNames: [],
  ownedBodyFields: ['model', 'input'],
  create: ({ config, apiKey, model, dimensions, extraBody }) => {
    const secrets = secretsToScrub(apiKey, config.requestHeaders());
    const host = config.baseUrl ?? ollamaHostFromEnv(process.env.OLLAMA_HOST);
    return {
      name: 'ollama',
      endpoint: `${host}/api/embed`,
      apiKeyEnv: 'OLLAMA_API_KEY',
      apiKey,
      limits: { defaultTexts: 128 },
      keyOptions: {},
      secrets: () => secrets,
      request: (texts) => ({
        headers: streamingRequestHeaders(apiKey, 'authorization', 'application/json'),
        body: JSON.stringify({
          model,
          input: texts,
          ...(dimensions === undefined ? {} : { dimensions }),
          ...extraBody,
        }),
      }),
      read: (answer, _headers, count) => {
        const { embeddings, prompt_eval_count: promptTokens } = (answer ?? {}) as {
          embeddings?: unknown;
          prompt_eval_count?: unknown;
        };
        return {
          vectors: readVectors(embeddings, count, 'ollama'),
          inputTokens: tokenCount(promptTokens),
        };
      },
      explain: (error) => withPullAdvice(error, model),
    };
  },
};

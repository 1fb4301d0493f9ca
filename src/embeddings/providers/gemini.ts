/**
 * Gemini `models/{model}:batchEmbedContents`: request `{ requests: [{ model, content: { parts:
 * [{ text }] }, taskType?, outputDimensionality? }] }`, answer `{ embeddings: [{ values }] }` in
 * request order (newer models add `usageMetadata.promptTokenCount`). At most 100 requests a
 * batch (the API answers "at most 100 requests can be in one batch").
 */
import { modelPath } from '../../providers/gemini/request.js';
import { streamingRequestHeaders } from '../../providers/headers.js';
import { secretsToScrub } from '../../secrets.js';
import type { EmbeddingsPath, InputTypeValues } from '../spec.js';
import { readVectors, tokenCount, unexpectedShape } from '../vectors.js';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** Without an input type no `taskType` is sent: the model's default. */
export const GEMINI_INPUT_TYPES: InputTypeValues = {
  query: 'RETRIEVAL_QUERY',
  document: 'RETRIEVAL_DOCUMENT',
};

/**
 * Gemini (env GEMINI_API_KEY, else GOOGLE_API_KEY), the key in `x-goog-api-key`. The top level
 * holds only `requests`, so `extraBody` goes into each request (e.g. `{ taskType: 'CLUSTERING' }`).
 */
export const GEMINI_PATH: EmbeddingsPath = {
  apiKeyEnvs: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  apiKeyRequired: true,
  optionNames: [],
  ownedBodyFields: ['model', 'content'],
  create: ({ config, apiKey, model, dimensions, extraBody }) => {
    const secrets = secretsToScrub(apiKey, config.requestHeaders());
    const name = modelPath(model);
    return {
      name: 'gemini',
      endpoint: `${config.baseUrl ?? DEFAULT_BASE_URL}/${name}:batchEmbedContents`,
      apiKeyEnv: 'GEMINI_API_KEY',
      apiKey,
      limits: { maxTexts: 100 },
      inputTypes: GEMINI_INPUT_TYPES,
      keyOptions: {},
      secrets: () => secrets,
      request: (texts, taskType) => ({
        // The header, not the `?key=` query form, so the key stays out of URLs and logs.
        headers: streamingRequestHeaders(apiKey, 'x-goog-api-key', 'application/json'),
        body: JSON.stringify({
          requests: texts.map((text) => ({
            model: name,
            content: { parts: [{ text }] },
            ...(taskType === undefined ? {} : { taskType }),
            ...(dimensions === undefined ? {} : { outputDimensionality: dimensions }),
            ...extraBody,
          })),
        }),
      }),
      read: (answer, _headers, count) => {
        const { embeddings, usageMetadata } = (answer ?? {}) as {
          embeddings?: unknown;
          usageMetadata?: { promptTokenCount?: unknown };
        };
        if (!Array.isArray(embeddings)) throw unexpectedShape('gemini', '`embeddings`');
        const rows = embeddings.map((row) => (row as { values?: unknown } | null)?.values);
        return {
          vectors: readVectors(rows, count, 'gemini'),
          inputTokens: tokenCount(usageMetadata?.promptTokenCount),
        };
      },
    };
  },
};

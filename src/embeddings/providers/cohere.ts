/**
 * Cohere Embed v2 (`POST /v2/embed`): request `{ model, texts, input_type, embedding_types,
 * output_dimension? }`, answer `{ embeddings: { float: [[...]] }, meta: { billed_units: {
 * input_tokens } } }`. At most 96 texts a call (API reference, `texts`).
 */
import { streamingRequestHeaders } from '../../providers/headers.js';
import { secretsToScrub } from '../../secrets.js';
import type { EmbeddingsPath, InputTypeValues } from '../spec.js';
import { readVectors, tokenCount } from '../vectors.js';

const DEFAULT_BASE_URL = 'https://api.cohere.com';

/**
 * Cohere's v3+ models require an input type; a call without one embeds documents, the common
 * case (a corpus), as LangChain's and LlamaIndex's Cohere integrations do.
 */
export const COHERE_INPUT_TYPES: InputTypeValues = {
  query: 'search_query',
  document: 'search_document',
  default: 'search_document',
};

/** Cohere (env COHERE_API_KEY, else CO_API_KEY), Bearer auth. */
export const COHERE_PATH: EmbeddingsPath = {
  apiKeyEnvs: ['COHERE_API_KEY', 'CO_API_KEY'],
  apiKeyRequired: true,
  optionNames: [],
  ownedBodyFields: ['model', 'texts', 'embedding_types'],
  create: ({ config, apiKey, model, dimensions, extraBody }) => {
    const secrets = secretsToScrub(apiKey, config.requestHeaders());
    return {
      name: 'cohere',
      endpoint: `${config.baseUrl ?? DEFAULT_BASE_URL}/v2/embed`,
      apiKeyEnv: 'COHERE_API_KEY',
      apiKey,
      limits: { maxTexts: 96 },
      inputTypes: COHERE_INPUT_TYPES,
      keyOptions: {},
      secrets: () => secrets,
      request: (texts, inputType) => ({
        headers: streamingRequestHeaders(apiKey, 'authorization', 'application/json'),
        body: JSON.stringify({
          model,
          texts,
          input_type: inputType,
          embedding_types: ['float'],
          ...(dimensions === undefined ? {} : { output_dimension: dimensions }),
          ...extraBody,
        }),
      }),
      read: (answer, _headers, count) => readCohereAnswer(answer, count, 'cohere'),
    };
  },
};

/**
 * Cohere's answer, from its own API or from Bedrock: `embeddings` is `{ float: [...] }` when
 * `embedding_types` was sent, a bare array of vectors otherwise (Bedrock's `embeddings_floats`).
 * Usage is `meta.billed_units.input_tokens` (Bedrock sends none in the body).
 */
export function readCohereAnswer(
  answer: unknown,
  count: number,
  provider: 'cohere' | 'bedrock',
): { vectors: number[][]; inputTokens: number | undefined } {
  const { embeddings, meta } = (answer ?? {}) as {
    embeddings?: unknown;
    meta?: { billed_units?: { input_tokens?: unknown } };
  };
  const rows = Array.isArray(embeddings) ? embeddings : (embeddings as { float?: unknown })?.float;
  return {
    vectors: readVectors(rows, count, provider),
    inputTokens: tokenCount(meta?.billed_units?.input_tokens),
  };
}

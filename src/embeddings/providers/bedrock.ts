/**
 * Amazon Bedrock InvokeModel (`POST /model/{id}/invoke`) for the two embedding families it
 * hosts, signed like the chat provider (SigV4, service `bedrock`, or a Bedrock API key):
 *
 * - Titan Text Embeddings (`amazon.titan-embed-*`): one text a request, `{ inputText,
 *   dimensions? }` in, `{ embedding, inputTextTokenCount }` out.
 * - Cohere Embed (`cohere.embed-*`): up to 96 texts, `{ texts, input_type, embedding_types,
 *   output_dimension? }` in, Cohere's answer out (without usage in the body).
 *
 * Where the body has no token count, the `x-amzn-bedrock-input-token-count` header Bedrock
 * sends with InvokeModel answers is read.
 */
import { ConfigError } from '../../errors.js';
import { BedrockAuthorizer } from '../../providers/bedrock/authorise.js';
import {
  missingRegionError,
  resolveAuth,
  resolveRegion,
  type BedrockOptions,
} from '../../providers/bedrock/credentials.js';
import { modelPathSegment } from '../../providers/bedrock/request.js';
import { secretsToScrub } from '../../secrets.js';
import type { BatchLimits, EmbeddingsAnswer, EmbeddingsPath, InputTypeValues } from '../spec.js';
import { readVector, tokenCount } from '../vectors.js';
import { COHERE_INPUT_TYPES, readCohereAnswer } from './cohere.js';

/** How one model family is asked and answers. */
interface Family {
  limits: BatchLimits;
  inputTypes: InputTypeValues | undefined;
  body(texts: string[], inputType: string | undefined, dimensions: number | undefined): object;
  /** `count`: the texts sent (Titan's is always 1). */
  read(answer: unknown, count: number): EmbeddingsAnswer;
}

const TITAN: Family = {
  // InvokeModel takes one inputText.
  limits: { maxTexts: 1 },
  inputTypes: undefined,
  body: ([text], _inputType, dimensions) => ({
    inputText: text,
    ...(dimensions === undefined ? {} : { dimensions }),
  }),
  read: (answer) => {
    const { embedding, inputTextTokenCount } = (answer ?? {}) as {
      embedding?: unknown;
      inputTextTokenCount?: unknown;
    };
    return {
      vectors: [readVector(embedding, 'bedrock')],
      inputTokens: tokenCount(inputTextTokenCount),
    };
  },
};

const COHERE: Family = {
  limits: { maxTexts: 96 },
  inputTypes: COHERE_INPUT_TYPES,
  body: (texts, inputType, dimensions) => ({
    texts,
    input_type: inputType,
    embedding_types: ['float'],
    ...(dimensions === undefined ? {} : { output_dimension: dimensions }),
  }),
  read: (answer, count) => readCohereAnswer(answer, count, 'bedrock'),
};

/** The family of a model id, with or without a geographic inference-profile prefix (`us.`). */
function familyOf(model: string): Family {
  const id = model.toLowerCase().replace(/^[a-z]{2,6}\.(?=(amazon|cohere)\.)/, '');
  if (id.startsWith('amazon.titan-embed-')) return TITAN;
  if (id.startsWith('cohere.embed-')) return COHERE;
  throw new ConfigError(
    `Bedrock embeddings speak Titan Text Embeddings (amazon.titan-embed-*) and Cohere Embed ` +
      `(cohere.embed-*) models; '${model}' is neither. Use one of those model ids.`,
    'model',
  );
}

const PLACE = { owner: 'createEmbeddings', options: 'providerOptions' };

/**
 * Bedrock: region and credentials from `providerOptions` (AWS_REGION, AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), or a Bedrock API key (`apiKey`,
 * AWS_BEARER_TOKEN_BEDROCK); `baseUrl` else AWS_ENDPOINT_URL_BEDROCK_RUNTIME.
 */
export const BEDROCK_PATH: EmbeddingsPath = {
  // No key variable: resolveAuth reads AWS_BEARER_TOKEN_BEDROCK itself, after explicit credentials.
  apiKeyEnvs: [],
  apiKeyRequired: false,
  baseUrlEnv: { name: 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME' },
  optionNames: ['region', 'credentials', 'credentialProvider'],
  ownedBodyFields: ['inputText', 'texts', 'embedding_types'],
  create: ({ config, model, dimensions, extraBody, providerOptions }) => {
    const family = familyOf(model);
    const options = providerOptions as BedrockOptions;
    const auth = resolveAuth(config.apiKey, options, PLACE);
    const region = resolveRegion(options);
    const authorizer = new BedrockAuthorizer(
      auth,
      region,
      secretsToScrub('', config.requestHeaders()),
    );
    if (region === undefined && (authorizer.signs || config.baseUrl === undefined)) {
      throw missingRegionError(PLACE);
    }
    const base = config.baseUrl ?? `https://bedrock-runtime.${region}.amazonaws.com`;
    const url = `${base}/model/${modelPathSegment(model)}/invoke`;
    return {
      name: 'bedrock',
      endpoint: url,
      apiKeyEnv: undefined,
      // The bucket is per identity; a signing key's id names it without the secret.
      apiKey:
        auth.kind === 'bearer'
          ? auth.token
          : auth.kind === 'sigv4'
            ? auth.credentials.accessKeyId
            : '',
      limits: family.limits,
      inputTypes: family.inputTypes,
      // With a baseUrl (a proxy) the region is not in the endpoint, yet answers differ by region.
      keyOptions: { region },
      secrets: () => authorizer.secrets,
      request: async (texts, inputType) => {
        const body = JSON.stringify({ ...family.body(texts, inputType, dimensions), ...extraBody });
        const headers = { 'content-type': 'application/json', accept: 'application/json' };
        return { headers: await authorizer.authorise(url, body, headers), body };
      },
      read: (answer, headers, count) => {
        const read = family.read(answer, count);
        const header = headers.get('x-amzn-bedrock-input-token-count')?.trim() ?? '';
        const fromHeader = /^\d+$/.test(header) ? Number(header) : undefined;
        return { vectors: read.vectors, inputTokens: read.inputTokens ?? fromHeader };
      },
    };
  },
};

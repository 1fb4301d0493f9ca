/**
 * OpenAI's `/embeddings` and the vendors that serve it: OpenAI, Azure OpenAI, Mistral, Together,
 * Fireworks. Request `{ model, input, dimensions?, encoding_format? }`, answer
 * `{ data: [{ index, embedding }], usage: { prompt_tokens } }` (Together sends no usage). The
 * vendors differ only in data: base URL, key, the name of the dimensions field and the limits.
 */
import { checkBaseUrl } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { stringOption } from '../provider-options.js';
import { streamingRequestHeaders } from '../../providers/headers.js';
import {
  AZURE_PRESET,
  azureApiVersion,
  OPENAI_COMPATIBLE_PRESETS,
} from '../../providers/openai-chat/presets.js';
import { secretsToScrub } from '../../secrets.js';
import type { ProviderName } from '../../types.js';
import type { BatchLimits, EmbeddingsPath, EmbeddingsProvider, ProviderSetup } from '../spec.js';
import { readVector, tokenCount, unexpectedShape } from '../vectors.js';

type Vendor = 'openai' | 'azure' | 'mistral' | 'together' | 'fireworks';

interface VendorData {
  baseUrl: string;
  apiKeyEnv: string;
  baseUrlEnv?: { name: string; appendPath?: string };
  /** Mistral names it `output_dimension`. */
  dimensionsField: 'dimensions' | 'output_dimension';
  limits: BatchLimits;
  /** Ask for base64 floats (4 bytes each instead of ~12 characters of JSON), as OpenAI's SDK does. */
  base64: boolean;
}

/**
 * OpenAI documents 2,048 inputs and 300,000 tokens per request (API reference, `input`); Azure
 * documents the same 2,048 inputs and serves the same models, so the same token cap applies.
 * Mistral documents neither; its API answers "Too many inputs in request" above 256 texts and
 * "Too many tokens in batch. Max is 16384". Together and Fireworks document no limit: 128 texts
 * a request keeps each answer small.
 */
const OPENAI_LIMITS: BatchLimits = { maxTexts: 2048, maxTokens: 300_000 };

const VENDORS: Record<Vendor, VendorData> = {
  openai: {
    ...OPENAI_COMPATIBLE_PRESETS.openai,
    dimensionsField: 'dimensions',
    limits: OPENAI_LIMITS,
    base64: true,
  },
  azure: { ...AZURE_PRESET, dimensionsField: 'dimensions', limits: OPENAI_LIMITS, base64: true },
  mistral: {
    baseUrl: 'https://api.mistral.ai/v1',
    apiKeyEnv: 'MISTRAL_API_KEY',
    dimensionsField: 'output_dimension',
    limits: { maxTexts: 256, maxTokens: 16_384 },
    base64: false,
  },
  together: {
    ...OPENAI_COMPATIBLE_PRESETS.together,
    dimensionsField: 'dimensions',
    limits: { defaultTexts: 128 },
    base64: false,
  },
  fireworks: {
    ...OPENAI_COMPATIBLE_PRESETS.fireworks,
    dimensionsField: 'dimensions',
    limits: { defaultTexts: 128 },
    base64: false,
  },
};

const OWNED_BODY_FIELDS = ['model', 'input'];

function path(vendor: Vendor, extra: Partial<EmbeddingsPath> = {}): EmbeddingsPath {
  const data = VENDORS[vendor];
  return {
    apiKeyEnvs: [data.apiKeyEnv],
    apiKeyRequired: true,
    baseUrlEnv: data.baseUrlEnv,
    optionNames: [],
    ownedBodyFields: OWNED_BODY_FIELDS,
    create: (setup) =>
      openAICompatible(vendor, setup, `${setup.config.baseUrl ?? data.baseUrl}/embeddings`),
    ...extra,
  };
}

/** OpenAI (env OPENAI_API_KEY, OPENAI_BASE_URL; `organization`/`project` headers). */
export const OPENAI_PATH = path('openai', {
  optionNames: ['organization', 'project'],
  create: (setup) => {
    const { providerOptions: options } = setup;
    const organization = stringOption(options, 'organization') ?? process.env.OPENAI_ORG_ID;
    const project = stringOption(options, 'project') ?? process.env.OPENAI_PROJECT_ID;
    const headers: Record<string, string> = {};
    if (organization) headers['openai-organization'] = organization;
    if (project) headers['openai-project'] = project;
    const url = `${setup.config.baseUrl ?? VENDORS.openai.baseUrl}/embeddings`;
    return openAICompatible('openai', setup, url, { headers });
  },
});

/**
 * Azure OpenAI: `{endpoint}/openai/deployments/{deployment}/embeddings?api-version=...` with an
 * `api-key` header (env AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION).
 */
export const AZURE_PATH = path('azure', {
  optionNames: ['endpoint', 'apiVersion', 'deployment'],
  baseUrlOption: (options) => {
    const endpoint = stringOption(options, 'endpoint');
    return endpoint === undefined ? undefined : checkBaseUrl(endpoint, 'providerOptions.endpoint');
  },
  create: (setup) => {
    const resource = setup.config.baseUrl;
    if (resource === undefined) {
      throw new ConfigError(
        'Azure embeddings need the resource endpoint: pass providerOptions: { endpoint: ' +
          '"https://<resource>.openai.azure.com" }, set AZURE_OPENAI_ENDPOINT, or set baseUrl.',
        'providerOptions.endpoint',
      );
    }
    const options = setup.providerOptions;
    const deployment = stringOption(options, 'deployment') ?? setup.model;
    const apiVersion = azureApiVersion(stringOption(options, 'apiVersion'));
    const url =
      `${resource}/openai/deployments/${encodeURIComponent(deployment)}/embeddings` +
      `?api-version=${encodeURIComponent(apiVersion)}`;
    return openAICompatible('azure', setup, url, { keyHeader: 'api-key' });
  },
});

/** Mistral (env MISTRAL_API_KEY); `dimensions` goes as `output_dimension`. */
export const MISTRAL_PATH = path('mistral');
/** Together (env TOGETHER_API_KEY, TOGETHER_BASE_URL). */
export const TOGETHER_PATH = path('together');
/** Fireworks (env FIREWORKS_API_KEY). */
export const FIREWORKS_PATH = path('fireworks');

function openAICompatible(
  vendor: Vendor,
  setup: ProviderSetup,
  url: string,
  {
    keyHeader = 'authorization',
    headers = {},
  }: { keyHeader?: string; headers?: Record<string, string> } = {},
): EmbeddingsProvider {
  const data = VENDORS[vendor];
  const { config, apiKey, model, dimensions, extraBody } = setup;
  // OpenAI's own models (and anything at OpenAI itself) get base64; a local OpenAI-compatible
  // server behind baseUrl may not know the field, so it gets the default JSON floats.
  const base64 =
    data.base64 &&
    (vendor === 'azure' || config.baseUrl === undefined || /^text-embedding-/i.test(model));
  const secrets = secretsToScrub(apiKey, config.requestHeaders());
  return {
    name: vendor as ProviderName,
    endpoint: url,
    apiKeyEnv: data.apiKeyEnv,
    apiKey,
    limits: data.limits,
    keyOptions: {},
    secrets: () => secrets,
    request: (texts) => {
      const body: Record<string, unknown> = { model, input: texts };
      if (dimensions !== undefined) body[data.dimensionsField] = dimensions;
      if (base64) body.encoding_format = 'base64';
      return {
        headers: { ...streamingRequestHeaders(apiKey, keyHeader, 'application/json'), ...headers },
        body: JSON.stringify({ ...body, ...extraBody }),
      };
    },
    read: (answer, _headers, count) => readAnswer(answer, count, vendor),
  };
}

/** `{ data: [{ index, embedding }], usage }`; rows may come in any order, so `index` places them. */
function readAnswer(answer: unknown, count: number, vendor: Vendor) {
  const { data, usage } = (answer ?? {}) as { data?: unknown; usage?: { prompt_tokens?: unknown } };
  if (!Array.isArray(data) || data.length !== count) {
    throw unexpectedShape(vendor, `${count} embeddings in \`data\``);
  }
  const rows = data as Array<{ index?: unknown; embedding?: unknown } | null>;
  const vectors = new Array<number[]>(count);
  rows.forEach((row, position) => {
    const index = typeof row?.index === 'number' ? row.index : position;
    if (!Number.isInteger(index) || index < 0 || index >= count || vectors[index] !== undefined) {
      throw unexpectedShape(vendor, `one embedding per input \`index\` (0 to ${count - 1})`);
    }
    vectors[index] = readVector(row?.embedding, vendor);
  });
  return { vectors, inputTokens: tokenCount(usage?.prompt_tokens) };
}

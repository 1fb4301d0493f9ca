import { checkInteger, closestName, LLMConfig, show, type LLMConfigOptions } from '../config.js';
import { createCacheBackend } from '../cache/create-backend.js';
import { ConfigError } from '../errors.js';
import { resolveApiKey, withBaseUrlFromEnv } from '../llm/inputs.js';
import { resolveLogger } from '../log/logger.js';
import { withApiKeyFromEnv } from '../providers/api-key-env.js';
import { requireRateLimitBackend } from '../rate-limit/registry.js';
import { VECTOR_FORMAT, VectorCache } from './cache.js';
import { resolveEmbeddingsProvider } from './detect.js';
import { PipelineEmbeddingModel } from './model.js';
import { BEDROCK_PATH } from './providers/bedrock.js';
import { COHERE_PATH } from './providers/cohere.js';
import { GEMINI_PATH } from './providers/gemini.js';
import { OLLAMA_PATH } from './providers/ollama.js';
import {
  AZURE_PATH,
  FIREWORKS_PATH,
  MISTRAL_PATH,
  OPENAI_PATH,
  TOGETHER_PATH,
} from './providers/openai.js';
import type { EmbeddingsPath, EmbeddingsProvider } from './spec.js';
import type { EmbeddingModel, EmbeddingsOptions, EmbeddingsProviderName } from './types.js';

// Typed over every provider name, so a provider without a path does not compile.
const PATHS: Record<EmbeddingsProviderName, EmbeddingsPath> = {
  openai: OPENAI_PATH,
  azure: AZURE_PATH,
  mistral: MISTRAL_PATH,
  together: TOGETHER_PATH,
  fireworks: FIREWORKS_PATH,
  cohere: COHERE_PATH,
  gemini: GEMINI_PATH,
  ollama: OLLAMA_PATH,
  bedrock: BEDROCK_PATH,
};

/** The pipeline options shared with LLMConfig: checked by it, with its rules and messages. */
const PIPELINE_OPTION_NAMES = [
  'apiKey',
  'baseUrl',
  'cache',
  'cacheMaxsize',
  'cacheBackend',
  'cachePath',
  'redisUrl',
  'cacheTtl',
  'cacheNamespace',
  'maxRetries',
  'retryDelay',
  'requestsPerMinute',
  'rateLimitBackend',
  'timeout',
  'headers',
  'fetch',
  'logger',
] as const satisfies ReadonlyArray<keyof EmbeddingsOptions & keyof LLMConfigOptions>;

const OWN_OPTION_NAMES = [
  'model',
  'provider',
  'providerOptions',
  'dimensions',
  'batchSize',
  'concurrency',
  'extraBody',
] as const satisfies ReadonlyArray<keyof EmbeddingsOptions>;

const OPTION_NAMES: readonly string[] = [...OWN_OPTION_NAMES, ...PIPELINE_OPTION_NAMES];

// Names users bring from other SDKs.
const ALIASES: Record<string, string> = {
  batch_size: 'batchSize',
  embedding_dimensions: 'dimensions',
  output_dimension: 'dimensions',
  outputDimensionality: 'dimensions',
  api_key: 'apiKey',
  base_url: 'baseUrl',
  baseURL: 'baseUrl',
  max_retries: 'maxRetries',
  provider_options: 'providerOptions',
};

/** Vectors kept by the memory cache by default: a corpus, not a handful of chat answers. */
export const DEFAULT_EMBEDDINGS_CACHE_MAXSIZE = 1000;

/** Requests in flight at once for one call, by default. */
export const DEFAULT_CONCURRENCY = 4;

/** Texts a request when the provider documents no limit. */
const DEFAULT_BATCH_SIZE = 128;

/**
 * An {@link EmbeddingModel} for a provider's embeddings endpoint: OpenAI, Azure, Mistral,
 * Together, Fireworks (`/embeddings`), Cohere (`/v2/embed`), Gemini (`batchEmbedContents`),
 * Ollama (`/api/embed`) or Bedrock (InvokeModel: Titan Text Embeddings and Cohere Embed). The
 * provider is detected from the model id where only one serves it, else `provider` is required.
 * Requests go through the LLMs' pipeline: the same transport and typed errors, retries
 * (`maxRetries`), rate limit (`requestsPerMinute`), `timeout` and abort. With `cache: true`
 * each text's vector is cached (memory, SQLite or Redis), so re-embedding an unchanged corpus
 * sends nothing.
 *
 * @throws ConfigError for an unknown or bad option, an unknown model without `provider`, a
 *   missing API key (naming its env var), or a missing provider setting (Azure endpoint,
 *   Bedrock region).
 *
 * @example
 * ```ts
 * const embeddings = createEmbeddings({ model: 'text-embedding-3-small', cache: true });
 * const [query] = await embeddings.embed(['How do refunds work?'], { inputType: 'query' });
 * const rag = new RAG({ model: 'gpt-4o-mini', embeddings }); // hybrid retrieval
 *
 * const cohere = createEmbeddings({ model: 'embed-v4.0', dimensions: 512 });
 * const local = createEmbeddings({ model: 'nomic-embed-text', provider: 'ollama' });
 * const titan = createEmbeddings({
 *   model: 'amazon.titan-embed-text-v2:0',
 *   providerOptions: { region: 'us-east-1' },
 * });
 * ```
 *
 * @category Embeddings
 */
export function createEmbeddings(options: EmbeddingsOptions): EmbeddingModel {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(
      `createEmbeddings expects an options object such as { model: 'text-embedding-3-small' } (got ${show(options)}).`,
    );
  }
  rejectUnknownOptions(options);
  if (typeof options.model !== 'string' || options.model.trim() === '') {
    throw new ConfigError(
      `model must be a non-empty embeddings model id such as 'text-embedding-3-small' (got ${show(options.model)}).`,
      'model',
    );
  }
  const providerName = resolveEmbeddingsProvider(options.model, options.provider);
  const path = PATHS[providerName];
  const providerOptions = checkProviderOptions(options.providerOptions, path, providerName);
  const config = pipelineConfig(options, providerName, path, providerOptions);
  const dimensions = checkInteger(options.dimensions, 'dimensions', 1);
  const extraBody = checkExtraBody(options.extraBody, path);
  const provider = path.create({
    config,
    apiKey: resolveApiKey(
      config.apiKey,
      { name: providerName, apiKeyEnv: path.apiKeyEnvs[0], apiKeyRequired: path.apiKeyRequired },
      config,
    ),
    model: options.model,
    dimensions,
    extraBody,
    providerOptions,
  });
  requireRateLimitBackend(config);
  return new PipelineEmbeddingModel({
    providerName,
    provider,
    config,
    model: options.model,
    dimensions,
    batchSize: checkBatchSize(options.batchSize, provider),
    concurrency: checkInteger(options.concurrency, 'concurrency', 1) ?? DEFAULT_CONCURRENCY,
    extraBody,
    cache: config.cache
      ? new VectorCache(
          createCacheBackend(config, VECTOR_FORMAT),
          resolveLogger(config.logger).logger,
        )
      : undefined,
  });
}

function rejectUnknownOptions(options: object): void {
  for (const name of Object.keys(options)) {
    if (OPTION_NAMES.includes(name)) continue;
    const suggestion = ALIASES[name] ?? closestName(name, OPTION_NAMES);
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
    throw new ConfigError(
      `Unknown embeddings option '${name}'.${hint} Valid options: ${OPTION_NAMES.join(', ')}.`,
      name,
    );
  }
}

/**
 * The pipeline options through LLMConfig (its checks, redaction and `Authorization: Basic` from
 * a baseUrl's `user:password@`), with the provider's key and base-URL env vars as for its LLM.
 */
function pipelineConfig(
  options: EmbeddingsOptions,
  provider: EmbeddingsProviderName,
  path: EmbeddingsPath,
  providerOptions: Record<string, unknown>,
): LLMConfig {
  const given: LLMConfigOptions = { model: options.model, provider };
  for (const name of PIPELINE_OPTION_NAMES) {
    if (options[name] !== undefined) Object.assign(given, { [name]: options[name] });
  }
  given.cacheMaxsize ??= DEFAULT_EMBEDDINGS_CACHE_MAXSIZE;
  given.baseUrl ??= path.baseUrlOption?.(providerOptions);
  const [firstKeyEnv, ...otherKeyEnvs] = path.apiKeyEnvs;
  const withKey =
    firstKeyEnv !== undefined && otherKeyEnvs.length > 0
      ? withApiKeyFromEnv(given, [firstKeyEnv, ...otherKeyEnvs])
      : given;
  return withBaseUrlFromEnv(new LLMConfig(withKey as LLMConfigOptions), path.baseUrlEnv);
}

function checkProviderOptions(
  value: unknown,
  path: EmbeddingsPath,
  provider: EmbeddingsProviderName,
): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `providerOptions must be an object (got ${show(value)}).`,
      'providerOptions',
    );
  }
  for (const name of Object.keys(value)) {
    if (path.optionNames.includes(name)) continue;
    const valid = path.optionNames.length > 0 ? path.optionNames.join(', ') : 'none';
    throw new ConfigError(
      `Unknown providerOptions.${name} for ${provider} embeddings. Valid: ${valid}.`,
      `providerOptions.${name}`,
    );
  }
  return value as Record<string, unknown>;
}

function checkExtraBody(value: unknown, path: EmbeddingsPath): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      'extraBody must be a plain object merged into the request body.',
      'extraBody',
    );
  }
  for (const field of path.ownedBodyFields) {
    if (Object.hasOwn(value, field)) {
      throw new ConfigError(
        `extraBody.${field} cannot be set: synapsekit sets '${field}' itself (the texts, the ` +
          'model and the format it reads the vectors from). Remove it from extraBody.',
        `extraBody.${field}`,
      );
    }
  }
  return value as Record<string, unknown>;
}

/** At most the provider's hard limit; default that limit (else 128). */
function checkBatchSize(value: unknown, provider: EmbeddingsProvider): number {
  const { maxTexts, defaultTexts } = provider.limits;
  const batchSize = checkInteger(value, 'batchSize', 1);
  if (batchSize !== undefined && maxTexts !== undefined && batchSize > maxTexts) {
    throw new ConfigError(
      `batchSize ${batchSize} is over ${provider.name}'s limit of ${maxTexts} texts a request ` +
        `for this model; leave it out to send ${maxTexts}.`,
      'batchSize',
    );
  }
  return batchSize ?? maxTexts ?? defaultTexts ?? DEFAULT_BATCH_SIZE;
}

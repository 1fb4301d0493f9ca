import { LLMConfig } from '../../config.js';
import { ConfigError, ConnectionError, ProviderError, SynapseKitError } from '../../errors.js';
import { retryDelayFor, sleep } from '../../llm/retry.js';
import { scrubbedCause, scrubSecrets } from '../../transport/secrets.js';
import { HttpClient } from '../../transport/http.js';
import type { ProviderName } from '../../types.js';
import { checkInteger, show } from '../validate.js';

/**
 * An embeddings model: one vector per text, in the same order. Give one to {@link RAG} (or a
 * {@link Retriever}) as `embeddings` for hybrid retrieval. Built in: {@link OpenAIEmbeddings}
 * and {@link OllamaEmbeddings}; implement this interface for any other API or a local model.
 *
 * @category RAG
 */
export interface Embeddings {
  /**
   * One vector per text, in the order of `texts`, all of one length. The retriever refuses
   * (ConfigError) a wrong count, a vector that is not all finite numbers, or a length that
   * differs from the vectors already stored.
   */
  embed(texts: string[], options?: EmbedOptions): Promise<number[][]>;
}

/**
 * Options of {@link Embeddings.embed}.
 *
 * @category RAG
 */
export interface EmbedOptions {
  /** Cancels the HTTP request itself. */
  signal?: AbortSignal;
}

/**
 * Connection settings shared by the built-in embeddings clients (same meaning and checks as in
 * {@link LLMConfigOptions}). An unknown option is a ConfigError listing the valid ones.
 *
 * @category RAG
 */
export interface EmbeddingsClientOptions {
  /** The embeddings model, e.g. `text-embedding-3-small`, `mistral-embed`, `nomic-embed-text`. */
  model: string;
  /** Omitted -> the provider's env var; '' -> no auth header. */
  apiKey?: string;
  /** Replaces the provider's base URL (proxies, gateways, local servers). */
  baseUrl?: string;
  /** Seconds to wait for response headers and each silent gap in the body, default 600. */
  timeout?: number;
  /** Extra attempts after a retryable failure (429, 5xx, timeouts), default 0. */
  maxRetries?: number;
  /** Seconds, first backoff step, default 1. */
  retryDelay?: number;
  /** Texts sent per request, default 128; larger inputs are sent in sequential batches. */
  batchSize?: number;
  /** Merged into every request body (provider-specific fields such as `truncate`). */
  extraBody?: Record<string, unknown>;
  /** Extra request headers; they win over the client's own (auth, content type). */
  headers?: Record<string, string>;
  /** Custom fetch (proxies, instrumentation, tests). */
  fetch?: typeof fetch;
}

const CLIENT_OPTION_NAMES = [
  'model',
  'apiKey',
  'baseUrl',
  'timeout',
  'maxRetries',
  'retryDelay',
  'batchSize',
  'extraBody',
  'headers',
  'fetch',
];

/** Who we are talking to and how, resolved once per client. */
export interface EmbeddingsEndpoint {
  provider: ProviderName;
  apiKeyEnv: string | undefined;
  apiKey: string;
  model: string;
  baseUrl: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  retryDelay: number;
  batchSize: number;
  extraBody: Record<string, unknown>;
  headers: Readonly<Record<string, string>>;
  fetch: typeof fetch | undefined;
}

/**
 * Validate the connection options with the same rules and messages as LLMConfig (it is the
 * same kind of connection), then resolve the API key like BaseLLM does.
 */
export function resolveEndpoint(
  options: EmbeddingsClientOptions,
  provider: ProviderName,
  key: { env: string | undefined; required: boolean },
  extraOptionNames: readonly string[],
): EmbeddingsEndpoint {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('Embeddings options must be an object such as { model: "..." }.');
  }
  const known = [...CLIENT_OPTION_NAMES, ...extraOptionNames];
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new ConfigError(
        `Unknown embeddings option '${name}'. Valid options: ${known.join(', ')}.`,
        name,
      );
    }
  }
  const config = new LLMConfig({
    model: options.model,
    provider,
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    timeout: options.timeout,
    maxRetries: options.maxRetries,
    retryDelay: options.retryDelay,
    headers: options.headers,
    fetch: options.fetch,
  });
  const extraBody = options.extraBody ?? {};
  if (extraBody === null || typeof extraBody !== 'object' || Array.isArray(extraBody)) {
    throw new ConfigError('extraBody must be a plain object merged into the request body.');
  }
  return {
    provider,
    apiKeyEnv: key.env,
    apiKey: resolveApiKey(config.apiKey, provider, key),
    model: config.model,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeout * 1000,
    maxRetries: config.maxRetries,
    retryDelay: config.retryDelay,
    batchSize: checkInteger(options.batchSize, 'batchSize', 1) ?? 128,
    extraBody,
    // With the Authorization: Basic made from a baseUrl's user:password@.
    headers: config.requestHeaders(),
    fetch: config.fetch,
  };
}

function resolveApiKey(
  given: string | undefined,
  provider: ProviderName,
  key: { env: string | undefined; required: boolean },
): string {
  if (given !== undefined) return given;
  const fromEnv = key.env ? process.env[key.env] : undefined;
  if (fromEnv !== undefined) return fromEnv;
  if (key.required) {
    throw new ConfigError(
      `No API key for ${provider} embeddings: pass apiKey or set ${key.env}. (apiKey: '' sends no auth header.)`,
      'apiKey',
    );
  }
  return '';
}

/** Check the texts and cut them into request-sized batches. */
export function batchesOf(texts: unknown, batchSize: number): string[][] {
  if (!Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) {
    throw new ConfigError(`embed() expects an array of strings (got ${show(texts)}).`, 'texts');
  }
  const batches: string[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    batches.push(texts.slice(start, start + batchSize));
  }
  return batches;
}

/** One embeddings request: the auth headers are the client's, the rest is added here. */
export interface JsonRequest {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  signal?: AbortSignal | undefined;
}

/**
 * POST a JSON body and read a JSON answer over the project's transport (typed errors from any
 * provider error body, timeout, abort), retrying what can succeed later like BaseLLM does.
 */
export async function postJson(
  endpoint: EmbeddingsEndpoint,
  request: JsonRequest,
): Promise<unknown> {
  const errors: SynapseKitError[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await postOnce(endpoint, request);
    } catch (raw) {
      const error = raw instanceof SynapseKitError ? raw : unexpected(raw, endpoint);
      errors.push(error);
      // An abort or a 4xx is not retryable, so it ends here too.
      const delayMs = retryDelayFor(error, attempt, endpoint.maxRetries, endpoint.retryDelay);
      if (delayMs === undefined) throw error.recordAttempts(errors);
      await sleep(delayMs, request.signal);
    }
  }
}

async function postOnce(endpoint: EmbeddingsEndpoint, request: JsonRequest): Promise<unknown> {
  const { url, headers, body, signal } = request;
  const http = new HttpClient({
    provider: endpoint.provider,
    apiKeyEnv: endpoint.apiKeyEnv,
    secrets: secretsOf(endpoint),
    fetch: endpoint.fetch ?? globalThis.fetch,
    timeoutMs: endpoint.timeoutMs,
    signal,
    headers: endpoint.headers,
  });
  try {
    const response = await http.post(url, {
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ ...body, ...endpoint.extraBody }),
    });
    let text = '';
    for await (const piece of http.text(response)) text += piece;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const scrubbed = scrubSecrets(text, secretsOf(endpoint));
      const snippet = scrubbed.length > 120 ? `${scrubbed.slice(0, 120)}...` : scrubbed;
      throw new ConnectionError(
        `${endpoint.provider} answered the embeddings request with a body that is not JSON: ${JSON.stringify(snippet)}.`,
        { provider: endpoint.provider, retryable: true },
      );
    }
  } finally {
    http.close();
  }
}

/** The answer parsed but does not hold what the API documents: not worth retrying. */
export function unexpectedShape(provider: ProviderName, what: string): ProviderError {
  return new ProviderError(
    `${provider} answered the embeddings request without ${what}. Check the model id and baseUrl (is it an embeddings endpoint?).`,
    { provider, retryable: false },
  );
}

/** A vector must be a non-empty array of finite numbers. */
export function checkVector(value: unknown, provider: ProviderName): number[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((x) => typeof x === 'number' && Number.isFinite(x))
  ) {
    throw unexpectedShape(provider, 'a vector of numbers for every text');
  }
  return value as number[];
}

function secretsOf(endpoint: EmbeddingsEndpoint): string[] {
  return endpoint.apiKey ? [endpoint.apiKey] : [];
}

/** A throw that is not ours, typed and scrubbed (what threw may quote the key). */
function unexpected(raw: unknown, endpoint: EmbeddingsEndpoint): SynapseKitError {
  const secrets = secretsOf(endpoint);
  const message = scrubSecrets(raw instanceof Error ? raw.message : String(raw), secrets);
  const { provider } = endpoint;
  return new ProviderError(`Unexpected failure while embedding with ${provider}: ${message}`, {
    provider,
    retryable: false,
    cause: scrubbedCause(raw, secrets),
  });
}

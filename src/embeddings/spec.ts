/**
 * The embeddings-provider contract: what a provider path says about itself (endpoint, limits,
 * input types) and the two translations it owns, texts to one request and one answer to
 * vectors. Everything else (cache, batching, concurrency, retries, rate limit, usage totals)
 * lives once in the embeddings pipeline (`model.ts`).
 */
import type { LLMConfig } from '../config.js';
import type { PostRequest } from '../transport/http.js';
import type { ProviderName } from '../types.js';

/**
 * How many texts one request may carry. `maxTexts` is the provider's documented (or, where it
 * documents none, observed) hard limit, which `batchSize` may not exceed; `defaultTexts` is our
 * batch size for APIs without one. `maxTokens` bounds the texts' tokens per request where the
 * provider caps them; without a tokenizer it is checked against an upper bound of each text's
 * tokens (see `batches.ts`).
 */
export interface BatchLimits {
  maxTexts?: number;
  defaultTexts?: number;
  maxTokens?: number;
}

/** The provider's words for our input types, where it has task-specific embeddings. */
export interface InputTypeValues {
  query: string;
  document: string;
  /** Sent when the call names none; undefined sends none. */
  default?: string;
}

/** What one answer held: a vector per text, in request order, and the usage it reported. */
export interface EmbeddingsAnswer {
  vectors: number[][];
  /** Input tokens, or undefined when the answer reported none. */
  inputTokens: number | undefined;
}

/** One provider path, resolved for one model (see `providers/`). */
export interface EmbeddingsProvider {
  readonly name: ProviderName;
  /** The request URL, without secrets: cache key, rate-limit bucket and error messages. */
  readonly endpoint: string;
  /** The env var holding the key, named in authentication errors. */
  readonly apiKeyEnv: string | undefined;
  /** Identifies the rate-limit bucket together with the endpoint and model ('' for none). */
  readonly apiKey: string;
  readonly limits: BatchLimits;
  /** Undefined: the provider embeds every text alike, so the input type is not sent or keyed. */
  readonly inputTypes?: InputTypeValues | undefined;
  /** Non-secret settings that change the answer but are not in `endpoint` (a Bedrock region). */
  readonly keyOptions: Record<string, unknown>;
  /** Strings no error may contain: the key, credentials, header values. */
  secrets(): readonly string[];
  /** One request for these texts, with the provider's value of the input type (if any). */
  request(texts: string[], inputType: string | undefined): Promise<PostRequest> | PostRequest;
  /** The vectors and usage of one parsed answer; a `ProviderError` when it lacks them. */
  read(answer: unknown, headers: Headers, count: number): EmbeddingsAnswer;
  /** Adds provider advice to an error (Ollama: pull the model); default: the error as it is. */
  explain?(error: unknown): unknown;
}

/** What a provider path is built from: the checked options of `createEmbeddings`. */
export interface ProviderSetup {
  /** The pipeline options, checked as an LLM's are (baseUrl, apiKey as given, headers...). */
  config: LLMConfig;
  /** The key to send: as given, else from the env; '' for none. (Bedrock reads `config.apiKey`.) */
  apiKey: string;
  model: string;
  dimensions: number | undefined;
  /** Merged into every request body, last. */
  extraBody: Record<string, unknown>;
  /** The provider's own settings, their names already checked. */
  providerOptions: Record<string, unknown>;
}

/** A provider path as data and one factory: how `createEmbeddings` sets it up. */
export interface EmbeddingsPath {
  /** The env vars the key is read from, in order (the first is named in errors). */
  apiKeyEnvs: readonly string[];
  /** Whether a missing key is a ConfigError. */
  apiKeyRequired: boolean;
  /** The base-URL env var of the provider's official SDK, as for its LLM. */
  baseUrlEnv?: { name: string; appendPath?: string } | undefined;
  /** The names `providerOptions` may have. */
  optionNames: readonly string[];
  /** A base URL given in `providerOptions` (Azure's `endpoint`), below `baseUrl` and above the env. */
  baseUrlOption?: (providerOptions: Record<string, unknown>) => string | undefined;
  /** Body fields the path sets itself, which `extraBody` may not replace (the texts, the model). */
  ownedBodyFields: readonly string[];
  create(setup: ProviderSetup): EmbeddingsProvider;
}

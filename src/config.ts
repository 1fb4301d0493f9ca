import { inspect } from 'node:util';
import { checkBudget, type BudgetOptions } from './budget/options.js';
import { ConfigError } from './errors.js';
import { detectProvider } from './detect.js';
import { checkLogger, type Logger } from './log/logger.js';
import { redisUrlForMessages } from './redis.js';
import { checkApiKey, checkHeader, REDACTED, redactUrl, splitUrlCredentials } from './secrets.js';
import { checkTelemetry, type TelemetryOptions } from './telemetry/options.js';
import { PROVIDER_NAMES, type ProviderName } from './types.js';
import { indexPrices } from './usage/cost.js';
import type { PriceTable } from './usage/prices.js';

/**
 * Everything an LLM can be configured with. Only `model` is required. Accepted by
 * {@link createLLM}, by every provider class and by {@link LLMConfig}; an unknown or misspelt
 * option is a `ConfigError` (with a hint such as "Did you mean 'maxTokens'?").
 *
 * @example
 * ```ts
 * const llm = createLLM({
 *   model: 'claude-sonnet-4-5',
 *   systemPrompt: 'Answer in one sentence.',
 *   maxRetries: 3,
 *   timeout: 60,
 *   cache: true,
 * });
 * ```
 *
 * @category Core
 */
export interface LLMConfigOptions {
  /** Model id, e.g. `gpt-4o-mini`, `claude-sonnet-4-5`, `gemini-2.5-flash`. */
  model: string;
  /** API key; omitted -> the provider's usual env var; `''` -> no auth header at all. */
  apiKey?: string;
  /** Overrides detection from the model name (see {@link detectProvider}). */
  provider?: ProviderName;
  /** Used when the message list has no system message. Default 'You are a helpful assistant.' */
  systemPrompt?: string;
  /** 0..2, default 0.2 (not sent by default to OpenAI o-series / gpt-5 models). */
  temperature?: number;
  /** Positive integer, default 1024. */
  maxTokens?: number;
  /** Cache responses (default false). */
  cache?: boolean;
  /** Entries of the memory LRU cache, default 128. */
  cacheMaxsize?: number;
  /** Default 'memory'. */
  cacheBackend?: 'memory' | 'sqlite' | 'redis';
  /** SQLite file, default 'synapsekit_llm_cache.db'. */
  cachePath?: string;
  /** Redis for the cache and the rate limiter; default REDIS_URL or redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** Seconds a cache entry lives; default: no expiry. */
  cacheTtl?: number;
  /**
   * Part of every cache key: instances with different namespaces never share entries, even in
   * one SQLite file or Redis database (e.g. one per tenant). Default: none.
   */
  cacheNamespace?: string;
  /** Extra attempts after a retryable failure, default 0. */
  maxRetries?: number;
  /** Seconds, first backoff step (doubled each retry), default 1; 0 to 60. */
  retryDelay?: number;
  /**
   * Client-side rate limit; default none (the provider's rate-limit headers still pace calls,
   * and a 429 pauses every caller).
   */
  requestsPerMinute?: number;
  /**
   * Client-side token limit: calls start while the bucket is above zero, and each is charged
   * the tokens the provider reported when it ends. Default none.
   */
  tokensPerMinute?: number;
  /** Where the rate-limit buckets live, default 'memory'. */
  rateLimitBackend?: 'memory' | 'redis';
  /**
   * A spending cap per period; once spent, calls throw `BudgetExceededError` before any
   * request. Needs a price for the model (bundled, or in `prices`).
   */
  budget?: BudgetOptions;
  /** USD per 1M tokens by model id, laid over the bundled price table (for `budget`). */
  prices?: PriceTable;
  /**
   * Seconds (not milliseconds) to wait for response headers and for each silent gap in a
   * stream, default 600; more than 0, at most 3600.
   */
  timeout?: number;
  /** Replaces the provider's base URL (proxies, gateways, local servers). */
  baseUrl?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Custom fetch (proxies, instrumentation, tests). */
  fetch?: typeof fetch;
  /**
   * The most bytes read when an image or file URL the provider cannot take is downloaded
   * (Ollama, Bedrock, Gemini for non-Google URLs, OpenAI for PDFs); more is a `ConfigError`.
   * Default 20 MB (20 * 1024 * 1024).
   */
  maxDownloadBytes?: number;
  /**
   * OpenTelemetry spans and metrics for every call (GenAI conventions); needs the optional
   * package `@opentelemetry/api`. `true`, or `{ recordContent, tracer, meter }`. Default off.
   */
  telemetry?: boolean | TelemetryOptions;
  /**
   * Where warnings and the debug log go: any object with `debug`, `info`, `warn` and `error`
   * (console, pino, winston). Default: warnings to stderr, debug lines only with
   * `SYNAPSEKIT_LOG=debug`.
   */
  logger?: Logger;
}

/**
 * The system prompt used when `systemPrompt` is not given: 'You are a helpful assistant.'
 *
 * @category Core
 */
export const DEFAULT_SYSTEM_PROMPT = 'You are a helpful assistant.';

/** `maxDownloadBytes` when not given: 20 MB, the size of a large photo or a long PDF. */
const DEFAULT_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

const OPTION_NAMES = [
  'model',
  'apiKey',
  'provider',
  'systemPrompt',
  'temperature',
  'maxTokens',
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
  'tokensPerMinute',
  'rateLimitBackend',
  'budget',
  'prices',
  'timeout',
  'baseUrl',
  'headers',
  'fetch',
  'maxDownloadBytes',
  'telemetry',
  'logger',
] as const satisfies ReadonlyArray<keyof LLMConfigOptions>;

// Names users bring from the Python original or other SDKs.
const KNOWN_ALIASES: Record<string, string> = {
  api_key: 'apiKey',
  system_prompt: 'systemPrompt',
  max_tokens: 'maxTokens',
  max_completion_tokens: 'maxTokens',
  maxCompletionTokens: 'maxTokens',
  cache_maxsize: 'cacheMaxsize',
  cache_backend: 'cacheBackend',
  cache_db_path: 'cachePath',
  cache_path: 'cachePath',
  redis_url: 'redisUrl',
  cache_ttl: 'cacheTtl',
  cache_namespace: 'cacheNamespace',
  max_retries: 'maxRetries',
  retry_delay: 'retryDelay',
  requests_per_minute: 'requestsPerMinute',
  tokens_per_minute: 'tokensPerMinute',
  rate_limit_backend: 'rateLimitBackend',
  base_url: 'baseUrl',
  baseURL: 'baseUrl',
  apiBase: 'baseUrl',
  modelName: 'model',
};

/**
 * The validated, resolved configuration of one LLM: every option with its default filled in.
 * Bad values throw a `ConfigError` naming the field. Secrets are never printed: `toJSON()` and
 * `console.log` show the API key and every `headers` value as `'[redacted]'`, and `baseUrl` and
 * `redisUrl` without their `user:password@`.
 *
 * @example
 * ```ts
 * const config = new LLMConfig({ model: 'gemini-2.5-flash' });
 * config.provider; // 'gemini' (detected)
 * config.maxTokens; // 1024
 * const llm = createLLM(config);
 * ```
 *
 * @category Core
 */
export class LLMConfig {
  /** The model id. */
  readonly model: string;
  /** The provider: as given, else detected from the model id. */
  readonly provider: ProviderName;
  /** True when `provider` was given rather than detected from the model name. */
  readonly providerExplicit: boolean;
  /** Used when a call's messages have no system message; `''` adds none. */
  readonly systemPrompt: string;
  /** Default sampling temperature, 0 to 2. */
  readonly temperature: number;
  /** True when `temperature` was not given, so models that reject sampling may omit it. */
  readonly temperatureIsDefault: boolean;
  /** Default output-token limit. */
  readonly maxTokens: number;
  /** Whether responses are cached. */
  readonly cache: boolean;
  /** Entries of the memory LRU cache. */
  readonly cacheMaxsize: number;
  /** Where cached responses live. */
  readonly cacheBackend: 'memory' | 'sqlite' | 'redis';
  /** The SQLite cache file. */
  readonly cachePath: string;
  /** Redis URL for the Redis cache and rate limiter. */
  readonly redisUrl: string;
  /** Seconds a cache entry lives; undefined: no expiry. */
  readonly cacheTtl: number | undefined;
  /** Part of every cache key (e.g. a tenant id); undefined: none. */
  readonly cacheNamespace: string | undefined;
  /** Extra attempts after a retryable failure. */
  readonly maxRetries: number;
  /** Seconds, the first backoff step. */
  readonly retryDelay: number;
  /** Client-side rate limit; undefined: none. */
  readonly requestsPerMinute: number | undefined;
  /** Client-side token limit; undefined: none. */
  readonly tokensPerMinute: number | undefined;
  /** Where the rate-limit buckets live. */
  readonly rateLimitBackend: 'memory' | 'redis';
  /** The spending cap (with `backend` filled in); undefined: none. */
  readonly budget: Readonly<BudgetOptions> | undefined;
  /** The prices laid over the bundled table; undefined: the bundled table alone. */
  readonly prices: PriceTable | undefined;
  /** Seconds to wait for response headers and for each silent gap in a stream. */
  readonly timeout: number;
  /**
   * Replaces the provider's base URL (no trailing slash); undefined: the provider's own. A
   * `user:password@` given in it is not part of this field: it is sent as `Authorization: Basic`.
   */
  readonly baseUrl: string | undefined;
  /** Extra request headers (frozen). */
  readonly headers: Readonly<Record<string, string>>;
  /** The custom fetch, or undefined for the global one. */
  readonly fetch: typeof fetch | undefined;
  /** The most bytes read when a media URL is downloaded (default 20 MB). */
  readonly maxDownloadBytes: number;
  /** OpenTelemetry settings (`recordContent` filled in), or undefined when telemetry is off. */
  readonly telemetry: Readonly<TelemetryOptions> | undefined;
  /** The logger as given, or undefined for the default (stderr, `SYNAPSEKIT_LOG`). */
  readonly logger: Logger | undefined;
  readonly #apiKey: string | undefined;
  /** `baseUrl` as given, credentials included, for `toOptions()`. */
  readonly #baseUrlAsGiven: string | undefined;
  /** `headers`, over the `Authorization: Basic` made from baseUrl's credentials. */
  readonly #requestHeaders: Readonly<Record<string, string>>;

  /** @throws ConfigError naming the field, for a missing model or a bad or unknown option. */
  constructor(options: LLMConfigOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(
        'LLMConfig expects an options object such as { model: "gpt-4o-mini" }.',
      );
    }
    rejectUnknownOptions(options);
    const o = options;

    this.model = requireString(o.model, 'model', 'a non-empty model id such as "gpt-4o-mini"');
    if (o.apiKey !== undefined && typeof o.apiKey !== 'string') {
      throw new ConfigError(
        `apiKey must be a string (got ${typeName(o.apiKey)}); pass '' to send no auth header.`,
        'apiKey',
      );
    }
    this.#apiKey = o.apiKey === undefined ? undefined : checkApiKey(o.apiKey, 'apiKey');
    if (o.provider !== undefined && !PROVIDER_NAMES.includes(o.provider)) {
      throw new ConfigError(
        `Unknown provider ${show(o.provider)}. Valid providers: ${PROVIDER_NAMES.join(', ')}.`,
        'provider',
      );
    }
    this.providerExplicit = o.provider !== undefined;
    this.provider = o.provider ?? detectProvider(this.model);
    this.systemPrompt = optionalString(o.systemPrompt, 'systemPrompt') ?? DEFAULT_SYSTEM_PROMPT;
    this.temperatureIsDefault = o.temperature === undefined;
    this.temperature = checkTemperature(o.temperature, 'temperature') ?? 0.2;
    this.maxTokens = checkMaxTokens(o.maxTokens, 'maxTokens') ?? 1024;
    this.cache = optionalBoolean(o.cache, 'cache') ?? false;
    this.cacheMaxsize = checkInteger(o.cacheMaxsize, 'cacheMaxsize', 1) ?? 128;
    this.cacheBackend =
      checkChoice(o.cacheBackend, 'cacheBackend', ['memory', 'sqlite', 'redis']) ?? 'memory';
    this.cachePath = optionalString(o.cachePath, 'cachePath', true) ?? 'synapsekit_llm_cache.db';
    this.redisUrl = checkRedisUrl(o.redisUrl) ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    this.cacheTtl = checkPositive(o.cacheTtl, 'cacheTtl', 'seconds');
    this.cacheNamespace = optionalString(o.cacheNamespace, 'cacheNamespace', true);
    this.maxRetries = checkInteger(o.maxRetries, 'maxRetries', 0) ?? 0;
    this.retryDelay =
      checkSeconds(o.retryDelay, 'retryDelay', {
        max: MAX_RETRY_DELAY_SECONDS,
        allowZero: true,
      }) ?? 1;
    this.requestsPerMinute = checkPositive(
      o.requestsPerMinute,
      'requestsPerMinute',
      'requests per minute',
    );
    this.tokensPerMinute = checkPositive(o.tokensPerMinute, 'tokensPerMinute', 'tokens per minute');
    this.rateLimitBackend =
      checkChoice(o.rateLimitBackend, 'rateLimitBackend', ['memory', 'redis']) ?? 'memory';
    this.budget = checkBudget(o.budget);
    if (o.prices !== undefined) indexPrices(o.prices); // a bad entry is a ConfigError naming it
    this.prices = o.prices;
    this.timeout = checkSeconds(o.timeout, 'timeout', { max: MAX_TIMEOUT_SECONDS }) ?? 600;
    this.#baseUrlAsGiven = checkBaseUrl(o.baseUrl);
    const base =
      this.#baseUrlAsGiven === undefined ? undefined : splitUrlCredentials(this.#baseUrlAsGiven);
    this.baseUrl = base?.url;
    this.headers = checkHeaders(o.headers);
    this.#requestHeaders = withBasicAuth(this.headers, base?.authorization);
    if (o.fetch !== undefined && typeof o.fetch !== 'function') {
      throw new ConfigError(
        `fetch must be a function compatible with the global fetch (got ${typeName(o.fetch)}).`,
        'fetch',
      );
    }
    this.fetch = o.fetch;
    this.maxDownloadBytes =
      checkInteger(o.maxDownloadBytes, 'maxDownloadBytes', 1) ?? DEFAULT_MAX_DOWNLOAD_BYTES;
    this.telemetry = checkTelemetry(o.telemetry);
    this.logger = checkLogger(o.logger);
  }

  /** The API key as given (undefined when omitted; the provider then reads its env var). */
  get apiKey(): string | undefined {
    return this.#apiKey;
  }

  /**
   * @internal The headers every request carries: `headers`, plus `authorization: Basic` from
   * baseUrl's `user:password@` unless `headers` has its own. Holds secrets: never print it.
   */
  requestHeaders(): Readonly<Record<string, string>> {
    return this.#requestHeaders;
  }

  /** The options this config was built from, for building a sibling config. */
  toOptions(): LLMConfigOptions {
    const options: LLMConfigOptions = {
      model: this.model,
      systemPrompt: this.systemPrompt,
      maxTokens: this.maxTokens,
      cache: this.cache,
      cacheMaxsize: this.cacheMaxsize,
      cacheBackend: this.cacheBackend,
      cachePath: this.cachePath,
      redisUrl: this.redisUrl,
      maxRetries: this.maxRetries,
      retryDelay: this.retryDelay,
      rateLimitBackend: this.rateLimitBackend,
      timeout: this.timeout,
      headers: { ...this.headers },
    };
    if (this.#apiKey !== undefined) options.apiKey = this.#apiKey;
    if (this.providerExplicit) options.provider = this.provider;
    if (!this.temperatureIsDefault) options.temperature = this.temperature;
    if (this.cacheTtl !== undefined) options.cacheTtl = this.cacheTtl;
    if (this.cacheNamespace !== undefined) options.cacheNamespace = this.cacheNamespace;
    if (this.requestsPerMinute !== undefined) options.requestsPerMinute = this.requestsPerMinute;
    if (this.tokensPerMinute !== undefined) options.tokensPerMinute = this.tokensPerMinute;
    if (this.budget !== undefined) options.budget = { ...this.budget };
    if (this.prices !== undefined) options.prices = this.prices;
    if (this.#baseUrlAsGiven !== undefined) options.baseUrl = this.#baseUrlAsGiven;
    if (this.fetch !== undefined) options.fetch = this.fetch;
    if (this.maxDownloadBytes !== DEFAULT_MAX_DOWNLOAD_BYTES) {
      options.maxDownloadBytes = this.maxDownloadBytes;
    }
    if (this.telemetry !== undefined) options.telemetry = this.telemetry;
    if (this.logger !== undefined) options.logger = this.logger;
    return options;
  }

  /** The options without secrets: no key, header values, or URL password. */
  toJSON(): Record<string, unknown> {
    const { fetch: _fetch, apiKey, baseUrl: _withCredentials, logger, ...rest } = this.toOptions();
    return {
      ...rest,
      // The tracer, meter and logger are objects of other libraries: named, never serialised.
      ...(this.telemetry === undefined
        ? {}
        : { telemetry: { recordContent: this.telemetry.recordContent === true } }),
      ...(logger === undefined ? {} : { logger: 'custom' }),
      redisUrl: redisUrlForMessages(this.redisUrl),
      ...(this.baseUrl === undefined ? {} : { baseUrl: this.baseUrl }),
      headers: Object.fromEntries(Object.keys(this.headers).map((name) => [name, REDACTED])),
      provider: this.provider,
      apiKey: apiKey === undefined ? undefined : REDACTED,
    };
  }

  /** What `console.log` and `util.inspect` show: the redacted `toJSON()` form. */
  [inspect.custom](): string {
    return `LLMConfig ${inspect(this.toJSON())}`;
  }
}

function rejectUnknownOptions(options: object): void {
  const known: readonly string[] = OPTION_NAMES;
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const suggestion = KNOWN_ALIASES[key] ?? closestName(key, known);
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
    throw new ConfigError(
      `Unknown option '${key}'.${hint} Valid options: ${OPTION_NAMES.join(', ')}.`,
      key,
    );
  }
}

/** The name in `names` nearest to `key` (case, `_` and `-` ignored in `key`), if close enough. */
export function closestName(key: string, names: readonly string[]): string | undefined {
  const folded = key.toLowerCase().replace(/[_-]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const distance = editDistance(folded, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= 2 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A value as it reads in an error message: strings quoted, objects named, never dumped. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function requireString(value: unknown, field: string, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`${field} must be ${expected} (got ${show(value)}).`, field);
  }
  return value;
}

function optionalString(value: unknown, field: string, nonEmpty = false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || (nonEmpty && value === '')) {
    throw new ConfigError(
      `${field} must be a${nonEmpty ? ' non-empty' : ''} string (got ${show(value)}).`,
      field,
    );
  }
  return value;
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new ConfigError(`${field} must be true or false (got ${show(value)}).`, field);
  }
  return value;
}

/** Shared with per-call options, which follow the same ranges. */
export function checkTemperature(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2) {
    throw new ConfigError(`${field} must be a number from 0 to 2 (got ${show(value)}).`, field);
  }
  return value;
}

export function checkMaxTokens(value: unknown, field: string): number | undefined {
  return checkInteger(value, field, 1);
}

/** An optional integer option: undefined stays undefined, anything else must be >= min. */
export function checkInteger(value: unknown, field: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${field} must be an integer >= ${min} (got ${show(value)}).`, field);
  }
  return value;
}

function checkPositive(value: unknown, field: string, unit: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${field} must be a number > 0, in ${unit} (got ${show(value)}).`, field);
  }
  return value;
}

/**
 * The largest `timeout`: an hour of silence before the headers or between two chunks. No
 * provider stays silent that long on a live request (the official SDKs' whole-request default
 * is 10 minutes), so a larger number is almost always milliseconds (`timeout: 30000`). It also
 * keeps far below Node's timer limit (2^31 - 1 ms, about 24.8 days), beyond which a timer
 * fires at once and every call would time out immediately.
 */
const MAX_TIMEOUT_SECONDS = 3600;

/** Each backoff step is capped at 60 s, so a larger first step can only be milliseconds. */
/** No backoff step, and no server-requested wait we are willing to honour, is longer. */
export const MAX_RETRY_DELAY_MS = 60_000;
const MAX_RETRY_DELAY_SECONDS = MAX_RETRY_DELAY_MS / 1000;

/**
 * A duration in seconds, at most `max`. A value past `max` is refused with the unit spelt out,
 * because the usual cause is a number of milliseconds.
 */
function checkSeconds(
  value: unknown,
  field: string,
  { max, allowZero = false }: { max: number; allowZero?: boolean },
): number | undefined {
  if (value === undefined) return undefined;
  const tooSmall = typeof value === 'number' && (allowZero ? value < 0 : value <= 0);
  if (typeof value !== 'number' || !Number.isFinite(value) || tooSmall) {
    const range = allowZero ? `from 0 to ${max}` : `> 0 and at most ${max}`;
    throw new ConfigError(
      `${field} must be a number ${range}, in seconds (got ${show(value)}).`,
      field,
    );
  }
  if (value > max) {
    const milliseconds =
      value >= 1000 ? ` If you meant ${value} milliseconds, use ${field}: ${value / 1000}.` : '';
    throw new ConfigError(
      `${field} is in seconds and must be at most ${max} (got ${value}, which would be ${humanDuration(value)}).${milliseconds}`,
      field,
    );
  }
  return value;
}

/** 30000 -> '8.3 hours', for messages about a suspicious duration. */
function humanDuration(seconds: number): string {
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)} days`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} hours`;
  return `${(seconds / 60).toFixed(1)} minutes`;
}

function checkChoice<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ConfigError(
      `${field} must be one of ${choices.map((c) => `'${c}'`).join(', ')} (got ${show(value)}).`,
      field,
    );
  }
  return value as T;
}

function checkRedisUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^rediss?:\/\//.test(value)) {
    throw new ConfigError(
      `redisUrl must be a redis:// or rediss:// URL (got ${showUrl(value)}).`,
      'redisUrl',
    );
  }
  return value;
}

/** An http(s) URL without its trailing slash; `field` names the option or env var it came from. */
export function checkBaseUrl(value: unknown, field = 'baseUrl'): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  if (typeof value === 'string') {
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(
      `${field} must be an http:// or https:// URL (got ${showUrl(value)}).`,
      field,
    );
  }
  // The client appends paths such as /chat/completions, so a trailing slash would double up.
  return (value as string).replace(/\/+$/, '');
}

/** A URL option as it reads in an error message: quoted, with its `user:password@` hidden. */
function showUrl(value: unknown): string {
  return typeof value === 'string' ? show(redactUrl(value)) : show(value);
}

/** Headers with `authorization` added, unless one is there already (in any letter case). */
function withBasicAuth(
  headers: Readonly<Record<string, string>>,
  authorization: string | undefined,
): Readonly<Record<string, string>> {
  const hasOwn = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (authorization === undefined || hasOwn) return headers;
  return Object.freeze({ authorization, ...headers });
}

function checkHeaders(value: unknown): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `headers must be an object of header names to string values (got ${typeName(value)}).`,
      'headers',
    );
  }
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string') {
      throw new ConfigError(
        `headers['${name}'] must be a string (got ${typeName(headerValue)}).`,
        `headers.${name}`,
      );
    }
    checkHeader(name, headerValue);
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

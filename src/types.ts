import type { ReasoningOptions } from './reasoning.js';
import type { TelemetryAttributes } from './telemetry/options.js';
import type { Tool, ToolChoice } from './tools.js';

/**
 * Every provider string accepted by the `provider` option, in a fixed order.
 *
 * @category Core
 */
export const PROVIDER_NAMES = [
  'openai',
  'anthropic',
  'ollama',
  'cohere',
  'mistral',
  'gemini',
  'bedrock',
  'azure',
  'groq',
  'deepseek',
  'openrouter',
  'together',
  'fireworks',
  'perplexity',
  'cerebras',
] as const;

/**
 * A provider this library speaks to: one of {@link PROVIDER_NAMES}.
 *
 * @category Core
 */
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/**
 * Why the model stopped, the same words for every provider: `stop` (a natural end or a stop
 * sequence), `length` (the output-token limit), `tool-calls` (the turn has tool calls, whatever
 * the provider said), `content-filter` (a safety or refusal stop), `error`, or `other` (anything
 * else, including a provider that sent no reason). The provider's own value is
 * `providerFinishReason`.
 *
 * @category Events
 */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/**
 * Token counts of one call, as the provider reported them.
 *
 * `input` counts every prompt token, cached ones included; `cacheRead` / `cacheWrite` are the
 * breakdown. `output` counts every billed output token, reasoning included. `reported` is
 * `false` when the provider sent no usage at all (we never guess with a tokenizer).
 *
 * @category Core
 */
export interface Usage {
  /** Every prompt token, cached ones included (0 when not reported). */
  input: number;
  /** Every billed output token, reasoning included (0 when not reported). */
  output: number;
  /** Part of `input` read from the provider's prompt cache, when the provider reports it. */
  cacheRead?: number;
  /** Part of `input` written to the provider's prompt cache (Anthropic), when reported. */
  cacheWrite?: number;
  /** Part of `output` spent on reasoning, when the provider reports it. */
  reasoning?: number;
  /** `false` when the provider sent no usage (and for a cache hit, which billed nothing). */
  reported: boolean;
}

/**
 * Token counts of one embeddings call, as the provider reported them: embeddings bill input
 * only. `reported` is `false` when no request of the call reported usage (Together sends none,
 * and a call answered wholly from the cache sent no request).
 *
 * @category Embeddings
 */
export interface EmbeddingUsage {
  /** Input tokens over every request of the call (0 when not reported). */
  input: number;
  /** `false` when the provider sent no usage (or no request was sent). */
  reported: boolean;
}

/**
 * What `onFinish` receives once a call has ended normally (once per call, after every step of a
 * `maxSteps` loop).
 *
 * @category Core
 */
export interface FinishInfo {
  /**
   * This call's own usage: the sum over every step and attempt that reported usage (what was
   * billed). A cache hit gives `{ input: 0, output: 0, reported: false }`.
   */
  usage: Usage;
  /**
   * Why the (last) model step stopped, the same words for every provider (`stop`, `length`,
   * `tool-calls`, `content-filter`, `error`, `other`: `other` too when the provider sent no
   * reason at all); a cache hit repeats the stored reason.
   */
  finishReason: FinishReason;
  /** The provider's own finish reason (`stop`, `end_turn`, `STOP`, ...), '' when it sent none. */
  providerFinishReason: string;
  /** True when the answer came from the response cache (every step, in a loop). */
  cached: boolean;
  /** How many HTTP attempts the call took over every step (0 for a cache hit). */
  attempts: number;
  /** Model steps: 1 without a `maxSteps` loop (in structured calls, over every repair round). */
  steps: number;
  /** The structured-output mode that ran (`generateStructured`, `streamStructured` only). */
  structuredMode?: 'native' | 'tool' | 'json';
  /** The model that answered (with a router: the one that answered, not the first tried). */
  model: string;
  /** The provider of the model that answered. */
  provider: ProviderName;
  /**
   * What the provider's rate-limit headers said on the last response (`x-ratelimit-*`,
   * `anthropic-ratelimit-*`); absent when it sent none, and for a cache hit.
   */
  rateLimit?: RateLimitInfo;
}

/**
 * The provider's own view of its rate limits, read from the headers of a response. Each field
 * is absent when the provider did not send it.
 *
 * @category Core
 */
export interface RateLimitInfo {
  /** Requests left in the provider's current window. */
  remainingRequests?: number;
  /** Tokens left in the provider's current window. */
  remainingTokens?: number;
  /** Milliseconds until the limits are fully replenished (the later of requests and tokens). */
  resetMs?: number;
}

/**
 * Per-call settings; each overrides the config's value for this call only. An unknown option
 * or a value out of range is a `ConfigError`, thrown before any request.
 *
 * @example
 * ```ts
 * const answer = await llm.generate('Name three colours.', {
 *   temperature: 0,
 *   maxTokens: 50,
 *   signal: AbortSignal.timeout(30_000),
 *   onFinish: ({ usage, cached }) => console.log(usage, cached),
 * });
 * ```
 *
 * @category Core
 */
export interface CallOptions {
  /** 0 to 2; overrides the config's `temperature`. */
  temperature?: number;
  /** Positive integer; overrides the config's `maxTokens`. */
  maxTokens?: number;
  /** Nucleus sampling, in (0, 1]; not sent unless given. */
  topP?: number;
  /** Stop sequences; not sent unless given. */
  stop?: string[];
  /** Merged into the provider request body (provider-specific fields). */
  extraBody?: Record<string, unknown>;
  /** Cancels the HTTP request itself and ends iteration with an `AbortError`. */
  signal?: AbortSignal;
  /** `false` bypasses the response cache (no read, no write) for this call. */
  cache?: boolean;
  /** Called once when the call has ended normally, with this call's own usage. */
  onFinish?: (info: FinishInfo) => void;
  /**
   * Tools the model may call, by name. Without `execute`, or with `maxSteps` 1 (the default),
   * calls are returned to you; with `execute` and `maxSteps` > 1 the library runs them.
   */
  tools?: Record<string, Tool>;
  /** Whether and which tools the model must call; default: the provider's (auto). */
  toolChoice?: ToolChoice;
  /** `false` asks for at most one tool call per step, where the provider has the switch. */
  parallelToolCalls?: boolean;
  /**
   * Model steps in a tool loop (default 1: calls are returned, nothing is executed). Above 1,
   * each step's calls to tools with `execute` run (concurrently), their results go back to the
   * model, and it is asked again, until a step has no calls or `maxSteps` is reached.
   */
  maxSteps?: number;
  /**
   * Reasoning effort and/or thinking budget, mapped to the provider's knob (see the README,
   * Reasoning); what it cannot express is a `ConfigError`. The default temperature is then not
   * sent (an explicit one is). Part of the cache key.
   */
  reasoning?: ReasoningOptions;
  /**
   * Attributes added to this call's `chat {model}` span when `telemetry` is on (ignored
   * otherwise), e.g. `{ 'app.route': 'support' }`; a router records its choice this way.
   */
  telemetryAttributes?: TelemetryAttributes;
}

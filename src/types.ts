/**
 * Who wrote a message: the system (instructions), the user, or the model (`assistant`).
 *
 * @category Core
 */
export type Role = 'system' | 'user' | 'assistant';

/**
 * One chat message, as passed to `streamWithMessages` / `generateWithMessages`.
 *
 * @example
 * ```ts
 * const messages: Message[] = [
 *   { role: 'system', content: 'Answer in one sentence.' },
 *   { role: 'user', content: 'What is SSE?' },
 * ];
 * ```
 *
 * @category Core
 */
export interface Message {
  /** Who wrote it. */
  role: Role;
  /** The message text. */
  content: string;
}

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
 * What `onFinish` receives once a call has ended normally.
 *
 * @category Core
 */
export interface FinishInfo {
  /**
   * This call's own usage: the sum over every attempt that reported usage (what was billed).
   * A cache hit gives `{ input: 0, output: 0, reported: false }`.
   */
  usage: Usage;
  /**
   * The provider's own finish reason (`stop`, `end_turn`, `STOP`, `length`, ...), or
   * `'unknown'` when the response ended normally without one; a cache hit repeats the reason
   * stored with the answer.
   */
  finishReason: string;
  /** True when the answer came from the response cache. */
  cached: boolean;
  /** How many HTTP attempts the call took (0 for a cache hit). */
  attempts: number;
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
}

/** Who wrote a message. */
export type Role = 'system' | 'user' | 'assistant';

/** One chat message. */
export interface Message {
  role: Role;
  content: string;
}

/** Every provider string accepted by `provider` and `createLLM`. */
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

/** A provider this library speaks to. */
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/**
 * Token counts of one call, as the provider reported them.
 *
 * `input` counts every prompt token, cached ones included; `cacheRead` / `cacheWrite` are the
 * breakdown. `output` counts every billed output token, reasoning included. `reported` is
 * `false` when the provider sent no usage at all (we never guess with a tokenizer).
 */
export interface Usage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
  reported: boolean;
}

/** What `onFinish` receives once a call has ended normally. */
export interface FinishInfo {
  usage: Usage;
  /** The provider's own finish reason (`stop`, `end_turn`, `STOP`, ...), or `cached`. */
  finishReason: string;
  /** True when the answer came from the response cache. */
  cached: boolean;
  /** How many HTTP attempts the call took (0 for a cache hit). */
  attempts: number;
}

/** Per-call settings; each overrides the config's value for this call only. */
export interface CallOptions {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
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

import type { LLMEvent, LLMResponse } from '../events.js';
import type { LLMInput, Message } from '../messages.js';
import type { Schema } from '../tools.js';
import type { CallOptions } from '../types.js';
import type { DeepPartial, StructuredOptions } from './structured/types.js';

/**
 * What every model-like object offers: each provider class ({@link BaseLLM}) and a
 * {@link Router} over several of them. The RAG facade and every helper take an `LLM`, so a
 * router can stand wherever one model can.
 *
 * @example
 * ```ts
 * async function summarise(llm: LLM, text: string): Promise<string> {
 *   return llm.generate(`Summarise in one line: ${text}`, { temperature: 0 });
 * }
 * await summarise(createLLM({ model: 'gpt-4o-mini' }), report);
 * await summarise(createRouter({ models: [{ model: 'gpt-4o-mini' }, { model: 'claude-haiku-4-5' }] }), report);
 * ```
 *
 * @category Core
 */
export interface LLM {
  /** Stream the answer to one user prompt, text piece by text piece. */
  stream(prompt: string, options?: CallOptions): AsyncIterable<string>;
  /** The whole answer to one user prompt. */
  generate(prompt: string, options?: CallOptions): Promise<string>;
  /** Stream the answer to a conversation. */
  streamWithMessages(messages: Message[], options?: CallOptions): AsyncIterable<string>;
  /** The whole answer to a conversation. */
  generateWithMessages(messages: Message[], options?: CallOptions): Promise<string>;
  /** Every event of the answer (text, reasoning, tool calls, `finish`) as it arrives. */
  streamEvents(input: LLMInput, options?: CallOptions): AsyncIterable<LLMEvent>;
  /** The whole answer with its tool calls, usage, finish reasons and messages. */
  generateResponse(input: LLMInput, options?: CallOptions): Promise<LLMResponse>;
  /** A typed object that matches `schema`, validated (and repaired) before it is returned. */
  generateStructured<T>(
    input: LLMInput,
    schema: Schema<T>,
    options?: StructuredOptions,
  ): Promise<T>;
  /** The object of `generateStructured` while it streams, as deep-partial snapshots. */
  streamStructured<T>(
    input: LLMInput,
    schema: Schema<T>,
    options?: StructuredOptions,
  ): AsyncIterable<DeepPartial<T>>;
  /** Tokens billed through this object so far, as the providers reported them. */
  readonly tokensUsed: {
    /** Prompt tokens, cached ones included. */
    input: number;
    /** Output tokens, reasoning included. */
    output: number;
  };
  /** Release pooled resources (cache, rate-limit and Redis connections). Safe to call twice. */
  close(): Promise<void>;
}

const LLM_METHODS = [
  'stream',
  'generate',
  'streamWithMessages',
  'generateWithMessages',
  'streamEvents',
  'generateResponse',
  'generateStructured',
  'streamStructured',
  'close',
] as const;

/**
 * Whether `value` offers the {@link LLM} methods: a provider class, a router, or a user's own
 * implementation (checked by shape, so a wrapper or a second copy of the library counts too).
 */
export function isLLM(value: unknown): value is LLM {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return LLM_METHODS.every((name) => typeof candidate[name] === 'function');
}

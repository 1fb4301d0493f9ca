import type { ProviderCall } from '../../llm/spec.js';
import { ollamaMessages } from './convert-messages.js';
import { ollamaOutputFields } from './structured.js';
import { ollamaThinkField } from './reasoning.js';
import { ollamaToolFields } from './tools.js';

/** Body fields the library sets and `extraBody` may not replace (`options` is merged). */
export const OLLAMA_CHAT_OWNED_FIELDS = ['model', 'messages'];

/**
 * The `/api/chat` body (docs/wire-protocols.md: Ollama), fields in Ollama's ChatRequest order.
 * Messages and tools are converted by their own modules (a tool option Ollama cannot express
 * is a ConfigError from here, before any request). Sampling settings live under `options`, the
 * output limit is `num_predict`. `extraBody` merges last, and its own `options` merge into ours
 * (so `{ options: { num_ctx: 8192 } }` keeps the temperature and limit) rather than replace them.
 */
export function ollamaChatBody(call: ProviderCall): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (call.temperature !== undefined) options.temperature = call.temperature;
  options.num_predict = call.maxTokens;
  if (call.topP !== undefined) options.top_p = call.topP;
  if (call.stop !== undefined) options.stop = call.stop;
  const body: Record<string, unknown> = {
    model: call.model,
    messages: ollamaMessages(call.messages),
    stream: true,
    ...ollamaToolFields(call),
    ...ollamaOutputFields(call),
    ...ollamaThinkField(call),
    options,
  };
  if (!call.extraBody) return body;
  const extraOptions = call.extraBody.options;
  const merged = { ...body, ...call.extraBody };
  if (isPlainObject(extraOptions)) merged.options = { ...options, ...extraOptions };
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

import type { ProviderCall } from '../../llm/spec.js';
import { chatMessages } from './convert-messages.js';
import type { ChatCompletionsDialect } from './presets.js';
import { chatOutputFields } from './structured.js';
import { chatReasoningFields } from './reasoning.js';
import { chatToolFields } from './tools.js';

/** Body fields the library sets and `extraBody` may not replace (see ProviderSpec). */
export const CHAT_COMPLETIONS_OWNED_FIELDS = ['model', 'messages'];

/** The Chat Completions request body for one streamed call. */
export function chatCompletionsBody(
  call: ProviderCall,
  dialect: ChatCompletionsDialect,
  model: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: chatMessages(call.messages, dialect),
    stream: true,
    ...chatToolFields(call, dialect),
    ...chatOutputFields(call, dialect),
    ...chatReasoningFields(call, dialect),
  };
  if (dialect.includeUsage) body.stream_options = { include_usage: true };
  if (call.temperature !== undefined) body.temperature = call.temperature;
  body[dialect.maxTokensField] = call.maxTokens;
  if (call.topP !== undefined) body.top_p = call.topP;
  if (call.stop !== undefined) body.stop = call.stop;
  return call.extraBody ? { ...body, ...call.extraBody } : body;
}

/** OpenAI's reasoning models (o1, o3, o4-mini, gpt-5...) reject sampling parameters. */
export function rejectsSampling(model: string): boolean {
  return /^(o\d|gpt-5)(?!.*-chat)/i.test(model.replace(/^.*\//, ''));
}

/**
 * Whether the id names one of OpenAI's own models (`gpt-*`, `chatgpt-*`, `o1`..., `codex-*`,
 * fine-tunes `ft:gpt-*`), with or without a `vendor/` prefix.
 */
export function isOpenAIModel(model: string): boolean {
  return /^(ft:)?(gpt-|chatgpt-|codex-|o\d)/i.test(model.replace(/^.*\//, ''));
}

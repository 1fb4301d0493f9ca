import type { ProviderCall } from '../../llm/spec.js';
import { splitSystem } from '../../llm/messages.js';
import { claudeSendsTemperature, claudeThinking } from '../claude.js';
import { anthropicMessages } from './convert-messages.js';
import { anthropicOutputFormat } from './structured.js';
import { anthropicToolFields, thinkingInExtraBody } from './tools.js';

/** Body fields the library sets and `extraBody` may not replace; `system` stays open (cache_control blocks). */
export const MESSAGES_OWNED_FIELDS = ['model', 'messages'];

/**
 * The Messages API body for one streamed call (docs/wire-protocols.md: Anthropic). `reasoning`
 * is `thinking` (and `output_config.effort`), with `max_tokens` raised above a large budget;
 * the default temperature stays out beside `top_p` or thinking (see claude.ts).
 */
export function messagesBody(call: ProviderCall): Record<string, unknown> {
  // The Messages API has no system role: the system text is a top-level field.
  const { system, conversation } = splitSystem(call.messages);
  const thinking = claudeThinking('anthropic', call);
  const body: Record<string, unknown> = {
    model: call.model,
    // Required here, unlike in most other APIs.
    max_tokens: thinking?.maxTokens ?? call.maxTokens,
    messages: anthropicMessages(conversation),
    stream: true,
    ...anthropicToolFields(call),
    ...thinking?.fields,
  };
  const format = anthropicOutputFormat(call);
  // Structured output's format and reasoning's effort share output_config.
  if (format !== undefined) {
    body.output_config = { ...(body.output_config as object | undefined), format };
  }
  if (system !== undefined) body.system = system;
  if (claudeSendsTemperature(call, thinking !== undefined || thinkingInExtraBody(call))) {
    body.temperature = call.temperature;
  }
  if (call.topP !== undefined) body.top_p = call.topP;
  if (call.stop !== undefined) body.stop_sequences = call.stop;
  if (!call.extraBody) return body;
  // output_config holds both the output format and other settings (effort): merged, not replaced.
  const merged = { ...body, ...call.extraBody };
  const extraConfig = call.extraBody.output_config;
  if (isPlainObject(body.output_config) && isPlainObject(extraConfig)) {
    merged.output_config = { ...body.output_config, ...extraConfig };
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

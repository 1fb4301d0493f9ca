import type { ProviderCall } from '../../llm/spec.js';
import { splitSystem } from '../../llm/messages.js';
import { anthropicMessages } from './convert-messages.js';
import { anthropicOutputFields } from './structured.js';
import { anthropicToolFields } from './tools.js';

/** Body fields the library sets and `extraBody` may not replace; `system` stays open (cache_control blocks). */
export const MESSAGES_OWNED_FIELDS = ['model', 'messages'];

/** The Messages API body for one streamed call (docs/wire-protocols.md: Anthropic). */
export function messagesBody(call: ProviderCall): Record<string, unknown> {
  // The Messages API has no system role: the system text is a top-level field.
  const { system, conversation } = splitSystem(call.messages);
  const body: Record<string, unknown> = {
    model: call.model,
    // Required here, unlike in most other APIs.
    max_tokens: call.maxTokens,
    messages: anthropicMessages(conversation),
    stream: true,
    ...anthropicToolFields(call),
    ...anthropicOutputFields(call),
  };
  if (system !== undefined) body.system = system;
  if (call.temperature !== undefined) body.temperature = call.temperature;
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

import type { ProviderCall } from '../../llm/spec.js';
import { chatV2Messages } from './convert-messages.js';
import { cohereOutputFields } from './structured.js';
import { cohereThinkingFields } from './reasoning.js';
import { chatV2ToolFields } from './tools.js';

/** Body fields the library sets and `extraBody` may not replace. */
export const CHAT_V2_OWNED_FIELDS = ['model', 'messages'];

/** The Chat v2 body for one streamed call (docs/wire-protocols.md: Cohere); system text stays a message. */
export function chatV2Body(call: ProviderCall): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: call.model,
    messages: chatV2Messages(call.messages),
    stream: true,
    ...chatV2ToolFields(call),
    ...cohereOutputFields(call),
    ...cohereThinkingFields(call),
  };
  if (call.temperature !== undefined) body.temperature = call.temperature;
  body.max_tokens = call.maxTokens;
  // Cohere names nucleus sampling `p`.
  if (call.topP !== undefined) body.p = call.topP;
  if (call.stop !== undefined) body.stop_sequences = call.stop;
  return call.extraBody ? { ...body, ...call.extraBody } : body;
}

import type { StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { cohereFinishReason } from './finish-reason.js';
import { cohereReasoningData } from './reasoning-kind.js';
import { usageFromCohere } from './usage.js';

interface ChatV2Event {
  type?: string;
  /** The content block or tool call an event belongs to. */
  index?: number;
  delta?: {
    message?: {
      content?: { type?: string; text?: string; thinking?: string };
      tool_plan?: string;
      /** One call per event: an object here, not an array as in message bodies. */
      tool_calls?: ToolCallDelta | null;
    };
    finish_reason?: string;
    error?: string;
    usage?: unknown;
  };
}

interface ToolCallDelta {
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

/** Finish reasons that mean the generation failed (the shared error reader classifies them). */
const FAILED_FINISH_REASONS = new Set(['ERROR', 'TIMEOUT']);

/**
 * Chat v2 SSE to parts (docs/wire-protocols.md: Cohere). Text is `content-delta`'s
 * `delta.message.content.text`; a thinking block's deltas carry `content.thinking` and are
 * reasoning, as is the `tool_plan` the model streams before its calls (`tool-plan-delta`). Both
 * reasoning parts are marked (`providerData.cohere.kind`) so they go back to Cohere in their own
 * place. Tool calls stream as `tool-call-start` (id, name), `tool-call-delta` (argument text) and
 * `tool-call-end`, joined by `index`; citations are skipped. `message-end` brings the usage and
 * the finish reason and ends the answer; the live API may still send `data: [DONE]`.
 */
export async function* parseChatV2Stream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  // Whether the open reasoning part is the tool plan (its later deltas need no marker).
  let toolPlanOpen = false;
  // One batch per network read: a hop per read instead of per event.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      // The optional terminator after message-end; alone it ends nothing.
      if (event.data === '[DONE]') continue;
      const data = http.parseJson(event.data) as ChatV2Event;
      const type = data.type ?? event.event;
      if (type === 'content-delta') {
        // The hot path: answer text first, nothing else checked for it.
        const content = data.delta?.message?.content;
        const text = content?.text;
        if (typeof text === 'string') yield { type: 'text', text };
        else if (typeof content?.thinking === 'string' && content.thinking !== '') {
          yield { type: 'reasoning', text: content.thinking };
        }
        continue;
      }
      switch (type) {
        case 'content-start':
          toolPlanOpen = false;
          if (data.delta?.message?.content?.type === 'thinking') {
            // Each thinking block is its own marked reasoning part; its deltas are appended to it.
            yield { type: 'part-end' };
            yield { type: 'reasoning', text: '', providerData: cohereReasoningData('thinking') };
          }
          break;
        case 'tool-plan-delta': {
          const plan = data.delta?.message?.tool_plan;
          if (typeof plan !== 'string' || plan === '') break;
          if (toolPlanOpen) {
            yield { type: 'reasoning', text: plan };
          } else {
            toolPlanOpen = true;
            yield { type: 'part-end' };
            yield { type: 'reasoning', text: plan, providerData: cohereReasoningData('tool_plan') };
          }
          break;
        }
        case 'tool-call-start':
          toolPlanOpen = false;
          yield toolCallFragment(data);
          break;
        case 'tool-call-delta':
          yield toolCallFragment(data);
          break;
        case 'tool-call-end':
          if (typeof data.index === 'number') yield { type: 'tool-call-end', index: data.index };
          break;
        case 'message-end': {
          const usage = usageFromCohere(data.delta?.usage);
          if (usage) yield { type: 'usage', usage };
          const reason = data.delta?.finish_reason ?? '';
          // Cohere reports a failed generation in message-end (`error`, finish_reason ERROR),
          // not with an error event, so this is where an in-stream error surfaces.
          if (data.delta?.error || FAILED_FINISH_REASONS.has(reason)) {
            const message =
              data.delta?.error ?? `The generation ended with finish_reason ${reason}.`;
            throw http.streamError({
              message,
              code: FAILED_FINISH_REASONS.has(reason) ? reason : 'ERROR',
            });
          }
          yield { type: 'finish', reason: cohereFinishReason(reason), providerReason: reason };
          return;
        }
      }
    }
  }
}

/**
 * A `tool-call-start` (id, name, arguments `''`) or `tool-call-delta` (more argument text) as a
 * fragment for the shared tracker, which joins them by `index`. A call without parameters has
 * no delta at all: its arguments stay `''`, which the tracker reads as `{}`.
 */
function toolCallFragment(data: ChatV2Event): StreamPart {
  const call = data.delta?.message?.tool_calls;
  const id = call?.id;
  const name = call?.function?.name;
  const args = call?.function?.arguments;
  return {
    type: 'tool-call-fragment',
    index: typeof data.index === 'number' ? data.index : undefined,
    id: typeof id === 'string' && id !== '' ? id : undefined,
    name: typeof name === 'string' && name !== '' ? name : undefined,
    inputDelta: typeof args === 'string' && args !== '' ? args : undefined,
  };
}

import type { StreamPart } from '../../llm/spec.js';
import { anthropicFinishReason } from './finish-reason.js';
import type { HttpClient } from '../../transport/http.js';
import {
  blockDeltaPart,
  blockStartPart,
  blockStopPart,
  type BlockDelta,
  type ContentBlock,
  type ToolBlocks,
} from './content-blocks.js';
import { mergeAnthropicUsage, usageFromAnthropic, type AnthropicUsage } from './usage.js';

interface MessagesEvent {
  type?: string;
  /** The content block an event is about (content_block_start/delta/stop). */
  index?: number;
  content_block?: ContentBlock;
  message?: { usage?: unknown; model?: unknown };
  delta?: BlockDelta & { text?: string; stop_reason?: string | null };
  usage?: unknown;
}

/**
 * Messages API SSE to parts (docs/wire-protocols.md: Anthropic). Every event is named and repeats its name in
 * `type`; we read `type` so the data-only variant some test tools send works too. Content comes
 * in blocks, one open at a time: text (`text_delta`, read first: the hot path), thinking
 * (`thinking_delta`, then one `signature_delta`: reasoning with its signature), whole
 * `redacted_thinking` blocks, and `tool_use` blocks whose arguments stream as
 * `input_json_delta`s joined by block index (see content-blocks.ts). Usage from
 * `message_start` then `message_delta`; the finish at `message_stop`. `ping` carries nothing.
 */
export async function* parseMessagesStream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  let counts: AnthropicUsage = {};
  let stopReason: string | undefined;
  let responseModel: string | undefined;
  const toolBlocks: ToolBlocks = new Set();
  // One batch per network read: a hop per read instead of per event.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      const data = http.parseJson(event.data) as MessagesEvent;
      if (event.event === 'error' || data.type === 'error') throw http.streamError(data);
      switch (data.type) {
        case 'content_block_delta': {
          const delta = data.delta;
          if (delta?.type === 'text_delta' && typeof delta.text === 'string') {
            yield { type: 'text', text: delta.text };
          } else if (delta) {
            const part = blockDeltaPart(data.index, delta, toolBlocks);
            if (part) yield part;
          }
          break;
        }
        case 'content_block_start': {
          const part = blockStartPart(data.index, data.content_block, toolBlocks);
          if (part) yield part;
          break;
        }
        case 'content_block_stop':
          yield blockStopPart(data.index, toolBlocks);
          break;
        case 'message_start':
        case 'message_delta': {
          counts = mergeAnthropicUsage(
            counts,
            data.type === 'message_start' ? data.message?.usage : data.usage,
          );
          const usage = usageFromAnthropic(counts);
          if (usage) yield { type: 'usage', usage };
          if (data.delta?.stop_reason) stopReason = data.delta.stop_reason;
          const model = data.message?.model;
          if (typeof model === 'string' && model !== '') responseModel = model;
          break;
        }
        case 'message_stop':
          yield {
            type: 'finish',
            reason: anthropicFinishReason(stopReason),
            providerReason: stopReason ?? '',
            responseModel,
          };
          return;
      }
    }
  }
}

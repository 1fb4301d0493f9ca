import type { StreamPart } from '../../llm/spec.js';
import type { ProviderData } from '../../messages.js';
import { bedrockFinishReason } from './finish-reason.js';
import type { HttpClient } from '../../transport/http.js';
import type { EventStreamMessage } from './event-stream.js';
import { usageFromBedrock } from './usage.js';

interface BlockDelta {
  text?: unknown;
  toolUse?: { input?: unknown } | null;
  reasoningContent?: { text?: unknown; signature?: unknown; redactedContent?: unknown } | null;
}

type ToolCallFragment = Extract<StreamPart, { type: 'tool-call-fragment' }>;

interface ConverseEvent {
  contentBlockIndex?: unknown;
  start?: { toolUse?: { toolUseId?: unknown; name?: unknown } | null } | null;
  delta?: BlockDelta | null;
  stopReason?: unknown;
  usage?: unknown;
}

/**
 * ConverseStream frames to parts:
 * - `contentBlockDelta.delta.text` is answer text (text blocks get no `contentBlockStart`);
 * - `contentBlockStart.start.toolUse` opens a tool call (id, name) at its `contentBlockIndex`,
 *   `delta.toolUse.input` adds JSON text to it, and its `contentBlockStop` ends it;
 * - `delta.reasoningContent` is reasoning: `text` pieces, then a `signature`, or one
 *   `redactedContent` blob; the last two go in `providerData.bedrock` to be sent back;
 * - the `contentBlockStop` of a text or reasoning block ends that part, so the next block
 *   (a second thinking block, say) starts a part of its own;
 * - `messageStop` names the stop reason; `metadata` carries the usage and is the last event,
 *   so EOF after it is the normal end.
 *
 * Exception frames (`throttlingException`, ...) and `error` frames are thrown as typed errors.
 * Payloads also carry a random-length `p` padding field, which is never read.
 */
export async function* parseConverseStream(
  messages: AsyncIterable<EventStreamMessage>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  const decoder = new TextDecoder();
  // The content blocks that are tool calls: their stop closes the call, not a text part.
  const toolBlocks = new Set<number>();
  let stopReason: string | undefined;
  let sawMetadata = false;
  for await (const { headers, payload } of messages) {
    const messageType = headers[':message-type'];
    if (messageType === 'error') {
      throw http.streamError({ code: headers[':error-code'], message: headers[':error-message'] });
    }
    const text = decoder.decode(payload);
    if (messageType === 'exception') {
      // The exception type lives in a header, and it is what says "throttled" or "bad request".
      const body = parseObject(text) ?? { message: text };
      throw http.streamError({ ...body, code: headers[':exception-type'] });
    }
    if (messageType !== 'event') continue;
    const event = parseObject(text) as ConverseEvent | undefined;
    if (event === undefined) throw http.malformed(text);
    switch (headers[':event-type']) {
      case 'contentBlockDelta': {
        const delta = event.delta;
        // Answer text first: it is nearly every frame, and it needs nothing else.
        const piece = delta?.text;
        if (typeof piece === 'string') {
          if (piece !== '') yield { type: 'text', text: piece };
        } else if (delta) {
          const part = otherDelta(delta, blockIndex(event));
          if (part) yield part;
        }
        break;
      }
      case 'contentBlockStart': {
        const start = toolCallStart(event);
        if (start) {
          if (start.index !== undefined) toolBlocks.add(start.index);
          yield start;
        }
        break;
      }
      case 'contentBlockStop': {
        const index = blockIndex(event);
        yield index !== undefined && toolBlocks.has(index)
          ? { type: 'tool-call-end', index }
          : { type: 'part-end' };
        break;
      }
      case 'messageStop':
        if (typeof event.stopReason === 'string') stopReason = event.stopReason;
        break;
      case 'metadata': {
        const usage = usageFromBedrock(event.usage);
        if (usage) yield { type: 'usage', usage };
        sawMetadata = true;
        break;
      }
      default:
        // messageStart carries nothing we need.
        break;
    }
  }
  if (sawMetadata) {
    yield {
      type: 'finish',
      reason: bedrockFinishReason(stopReason),
      providerReason: stopReason ?? '',
    };
  }
}

function blockIndex(event: ConverseEvent): number | undefined {
  return typeof event.contentBlockIndex === 'number' ? event.contentBlockIndex : undefined;
}

/** `start.toolUse` as the first fragment of a call; text blocks have no start, or an empty one. */
function toolCallStart(event: ConverseEvent): ToolCallFragment | undefined {
  const toolUse = event.start?.toolUse;
  if (toolUse === null || typeof toolUse !== 'object') return undefined;
  const { toolUseId, name } = toolUse;
  return {
    type: 'tool-call-fragment',
    index: blockIndex(event),
    id: typeof toolUseId === 'string' && toolUseId !== '' ? toolUseId : undefined,
    name: typeof name === 'string' && name !== '' ? name : undefined,
  };
}

/** A delta that is not answer text: tool-call input or reasoning (citations are not read). */
function otherDelta(delta: BlockDelta, index: number | undefined): StreamPart | undefined {
  const toolUse = delta.toolUse;
  if (toolUse !== null && typeof toolUse === 'object') {
    const { input } = toolUse;
    // `input: ""` is how a call without arguments streams; the pipeline reads it as {}.
    const inputDelta =
      typeof input === 'string' ? input : input != null ? JSON.stringify(input) : undefined;
    return { type: 'tool-call-fragment', index, inputDelta };
  }
  const reasoning = delta.reasoningContent;
  if (reasoning === null || typeof reasoning !== 'object') return undefined;
  const text = typeof reasoning.text === 'string' ? reasoning.text : '';
  const state: Record<string, string> = {};
  if (typeof reasoning.signature === 'string') state.signature = reasoning.signature;
  if (typeof reasoning.redactedContent === 'string') {
    state.redactedContent = reasoning.redactedContent;
  }
  const hasState = state.signature !== undefined || state.redactedContent !== undefined;
  if (text === '' && !hasState) return undefined;
  const providerData: ProviderData | undefined = hasState ? { bedrock: state } : undefined;
  return { type: 'reasoning', text, providerData };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

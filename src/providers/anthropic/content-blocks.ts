import type { StreamPart } from '../../llm/spec.js';
import { ANTHROPIC_NAMESPACE, type AnthropicReasoningData } from './provider-data.js';

/** A `content_block_start`'s `content_block` (only the fields we read). */
export interface ContentBlock {
  type?: string;
  /** tool_use */
  id?: unknown;
  name?: unknown;
  /** text */
  text?: unknown;
  /** thinking */
  thinking?: unknown;
  signature?: unknown;
  /** redacted_thinking */
  data?: unknown;
}

/** A `content_block_delta`'s `delta` other than `text_delta` (the hot path reads that itself). */
export interface BlockDelta {
  type?: string;
  thinking?: unknown;
  signature?: unknown;
  partial_json?: unknown;
}

/**
 * The block indexes of this answer that are client `tool_use` blocks: their `input_json_delta`s
 * are call arguments and their `content_block_stop` ends the call. Server-tool blocks
 * (`server_tool_use`, ...) stream `input_json_delta`s too, but the API runs those itself.
 */
export type ToolBlocks = Set<number | undefined>;

/**
 * The part a `content_block_start` gives, if any. Blocks start empty on the live API (text
 * `""`, thinking `""` with signature `""`, tool_use with `input: {}`, which is ignored: the
 * arguments follow as `input_json_delta`s); anything already there is kept. A
 * `redacted_thinking` block arrives whole: its encrypted `data` becomes a reasoning part with
 * no text. Server-tool blocks (`server_tool_use`, `web_search_tool_result`, ...) and unknown
 * block types give nothing: the API ran those tools, there is no call for us to run, and this
 * version keeps no part for them (a `pause_turn` answer cannot be continued with them).
 */
export function blockStartPart(
  index: number | undefined,
  block: ContentBlock | undefined,
  toolBlocks: ToolBlocks,
): StreamPart | undefined {
  switch (block?.type) {
    case 'tool_use':
      if (typeof block.name !== 'string') return undefined;
      toolBlocks.add(index);
      return {
        type: 'tool-call-fragment',
        index,
        id: typeof block.id === 'string' && block.id !== '' ? block.id : undefined,
        name: block.name,
      };
    case 'thinking': {
      const text = typeof block.thinking === 'string' ? block.thinking : '';
      const signature = typeof block.signature === 'string' ? block.signature : '';
      if (text === '' && signature === '') return undefined;
      return reasoningPart(text, signature === '' ? undefined : { signature });
    }
    case 'redacted_thinking':
      return typeof block.data === 'string'
        ? reasoningPart('', { redactedData: block.data })
        : undefined;
    case 'text':
      return typeof block.text === 'string' && block.text !== ''
        ? { type: 'text', text: block.text }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The part of a non-text `content_block_delta`: thinking text, the thinking block's signature
 * (one `signature_delta` just before the block stops), or a piece of a tool call's arguments
 * (split anywhere, even inside an escape; often a first `""`, which adds nothing). Citations
 * and unknown delta kinds give nothing.
 */
export function blockDeltaPart(
  index: number | undefined,
  delta: BlockDelta,
  toolBlocks: ToolBlocks,
): StreamPart | undefined {
  switch (delta.type) {
    case 'thinking_delta':
      return typeof delta.thinking === 'string' && delta.thinking !== ''
        ? { type: 'reasoning', text: delta.thinking }
        : undefined;
    case 'signature_delta':
      return typeof delta.signature === 'string'
        ? reasoningPart('', { signature: delta.signature })
        : undefined;
    case 'input_json_delta':
      if (!toolBlocks.has(index)) return undefined;
      return typeof delta.partial_json === 'string' && delta.partial_json !== ''
        ? { type: 'tool-call-fragment', index, inputDelta: delta.partial_json }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * What a `content_block_stop` means: a tool block's call is complete (parse its arguments now);
 * any other block closes its text or reasoning part, so two thinking blocks stay two parts
 * (each with its own signature).
 */
export function blockStopPart(index: number | undefined, toolBlocks: ToolBlocks): StreamPart {
  return index !== undefined && toolBlocks.has(index)
    ? { type: 'tool-call-end', index }
    : { type: 'part-end' };
}

function reasoningPart(text: string, data: AnthropicReasoningData | undefined): StreamPart {
  return data === undefined
    ? { type: 'reasoning', text }
    : { type: 'reasoning', text, providerData: { [ANTHROPIC_NAMESPACE]: data } };
}

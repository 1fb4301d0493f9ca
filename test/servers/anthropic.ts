import type { ScriptedResponse } from './replay-server.js';
import { sseEvent } from './sse.js';

/** Response headers of a Messages API stream. */
export const ANTHROPIC_SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'request-id': 'req_011CStreamTest',
};

export interface AnthropicUsageCounts {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export interface AnthropicStreamOptions {
  model?: string;
  usage?: AnthropicUsageCounts;
  stopReason?: string;
  /** Thinking deltas, streamed in a thinking block before the text block. */
  thinking?: string[];
  /**
   * Repeat the input and cache counts in `message_delta.usage` (current API versions do;
   * default true). When false, only `message_start` has them.
   */
  repeatInputInDelta?: boolean;
}

/** One content block of a scripted answer, streamed as the live API streams that type. */
export type AnthropicBlockScript =
  | { type: 'text'; pieces: string[] }
  | { type: 'thinking'; pieces: string[]; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | {
      /** `tool_use` (a call for us) or `server_tool_use` (a tool the API runs itself). */
      type: 'tool_use' | 'server_tool_use';
      id: string;
      name: string;
      /** The arguments' JSON text as its `input_json_delta` pieces (the API's first is ""). */
      inputPieces: string[];
    }
  | {
      /** A block that arrives whole in its content_block_start (e.g. web_search_tool_result). */
      type: 'whole';
      block: Record<string, unknown>;
    };

/** The signature the thinking blocks of `anthropicEvents` carry. */
export const TEST_SIGNATURE = 'EqQBCkYIBxgCKkBsig';

/**
 * The event objects of a Messages API stream answering `pieces`, in the live API's order:
 * message_start, (thinking block), text block with a ping after its start, message_delta,
 * message_stop (docs/wire-protocols.md: Anthropic).
 */
export function anthropicEvents(pieces: string[], options: AnthropicStreamOptions = {}): object[] {
  const blocks: AnthropicBlockScript[] = options.thinking
    ? [{ type: 'thinking', pieces: options.thinking, signature: TEST_SIGNATURE }]
    : [];
  return anthropicMessageEvents([...blocks, { type: 'text', pieces }], options);
}

/** The events of a whole answer made of `blocks`, in order, with usage and a stop reason. */
export function anthropicMessageEvents(
  blocks: AnthropicBlockScript[],
  options: AnthropicStreamOptions = {},
): object[] {
  const usage = options.usage ?? { input_tokens: 0, output_tokens: 0 };
  const inputCounts = {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
  };
  return [
    {
      type: 'message_start',
      message: {
        model: options.model ?? 'claude-sonnet-4-5-20250929',
        id: 'msg_01TestStream',
        type: 'message',
        role: 'assistant',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // output_tokens here is provisional; message_delta has the real count.
        usage: { ...inputCounts, output_tokens: 1, service_tier: 'standard' },
      },
    },
    ...blocks.flatMap((block, index) => blockEvents(block, index)),
    {
      type: 'message_delta',
      delta: { stop_reason: options.stopReason ?? 'end_turn', stop_sequence: null },
      usage:
        (options.repeatInputInDelta ?? true)
          ? { ...inputCounts, output_tokens: usage.output_tokens }
          : { output_tokens: usage.output_tokens },
    },
    { type: 'message_stop' },
  ];
}

/** One block's start, deltas (with the pings the live API puts there) and stop. */
function blockEvents(block: AnthropicBlockScript, index: number): object[] {
  const delta = (body: object): object => ({ type: 'content_block_delta', index, delta: body });
  const start = (contentBlock: object): object => ({
    type: 'content_block_start',
    index,
    content_block: contentBlock,
  });
  const stop = { type: 'content_block_stop', index };
  switch (block.type) {
    case 'text':
      return [
        start({ type: 'text', text: '' }),
        { type: 'ping' },
        ...block.pieces.map((text) => delta({ type: 'text_delta', text })),
        stop,
      ];
    case 'thinking':
      return [
        start({ type: 'thinking', thinking: '', signature: '' }),
        ...block.pieces.map((thinking) => delta({ type: 'thinking_delta', thinking })),
        delta({ type: 'signature_delta', signature: block.signature }),
        stop,
      ];
    case 'redacted_thinking':
      return [start({ type: 'redacted_thinking', data: block.data }), stop];
    case 'tool_use':
    case 'server_tool_use': {
      const [first, ...rest] = block.inputPieces.map((partial_json) =>
        delta({ type: 'input_json_delta', partial_json }),
      );
      return [
        // The live API always starts a tool block with an empty input: the deltas carry it.
        start({ type: block.type, id: block.id, name: block.name, input: {} }),
        ...(first ? [first, { type: 'ping' }] : []),
        ...rest,
        stop,
      ];
    }
    case 'whole':
      return [start(block.block), stop];
  }
}

/**
 * A call's arguments as the API streams them: a first "" and then the JSON text in pieces of
 * `size` characters (cut anywhere, inside strings and escapes too); no arguments is only "".
 */
export function jsonPieces(input: Record<string, unknown>, size = 7): string[] {
  const json = Object.keys(input).length === 0 ? '' : JSON.stringify(input);
  const pieces = [''];
  for (let at = 0; at < json.length; at += size) pieces.push(json.slice(at, at + size));
  return pieces;
}

/** The events up to and including the last text delta (what a cut stream delivered). */
export function anthropicEventsUntilLastText(pieces: string[]): object[] {
  const events = anthropicEvents(pieces);
  // Drop content_block_stop, message_delta and message_stop.
  return events.slice(0, events.length - 3);
}

/**
 * SSE bytes, one named event per object (`event: <type>` then `data: <json>`), one write each.
 * The live API writes the ping payload with a space after the colon.
 */
export function anthropicSse(events: object[]): string[] {
  return events.map((event) => {
    const type = (event as { type: string }).type;
    const data = type === 'ping' ? '{"type": "ping"}' : JSON.stringify(event);
    return sseEvent(data, { event: type });
  });
}

/** A 200 Messages API stream answering `pieces`. */
export function anthropicStream(
  pieces: string[],
  options: AnthropicStreamOptions = {},
): ScriptedResponse {
  return { headers: ANTHROPIC_SSE_HEADERS, body: anthropicSse(anthropicEvents(pieces, options)) };
}

/** The in-stream error event Anthropic sends after a 200 (e.g. when overloaded). */
export function anthropicErrorEvent(message: string, type = 'overloaded_error'): string {
  return sseEvent(JSON.stringify({ type: 'error', error: { type, message } }), { event: 'error' });
}

const ERROR_TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** An HTTP error in Anthropic's `{"type":"error","error":{type,message},"request_id"}` shape. */
export function anthropicError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'request-id': 'req_011CErrorTest', ...headers },
    body: JSON.stringify({
      type: 'error',
      error: { type: ERROR_TYPE_BY_STATUS[status] ?? 'api_error', message },
      request_id: 'req_011CErrorTest',
    }),
  };
}

import { crc32 } from 'node:zlib';
import type { ScriptedResponse } from './replay-server.js';

/**
 * Bedrock ConverseStream wire bytes (docs/wire-protocols.md: AWS event stream, Bedrock), built here independently
 * of the library's decoder: big-endian prelude, string headers (type 7), JSON payload with the
 * `p` padding the live service adds, IEEE CRC-32s from node:zlib.
 */

const PADDING_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** One event-stream frame with string headers, in the given header order. */
export function eventStreamFrame(
  headers: Array<[string, string]>,
  payload: string | Uint8Array,
): Uint8Array {
  const headerBytes = Buffer.concat(
    headers.map(([name, value]) => {
      const nameBytes = Buffer.from(name, 'utf8');
      const valueBytes = Buffer.from(value, 'utf8');
      const prefix = Buffer.alloc(1 + nameBytes.length + 1 + 2);
      prefix.writeUInt8(nameBytes.length, 0);
      nameBytes.copy(prefix, 1);
      prefix.writeUInt8(7, 1 + nameBytes.length);
      prefix.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
      return Buffer.concat([prefix, valueBytes]);
    }),
  );
  const payloadBytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const total = 12 + headerBytes.length + payloadBytes.length + 4;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, 12);
  Buffer.from(payloadBytes).copy(frame, 12 + headerBytes.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
  return frame;
}

/** An event frame as the live service sends it: the value JSON plus a `p` padding field. */
export function bedrockEvent(
  eventType: string,
  value: Record<string, unknown>,
  paddingLength = (eventType.length * 7) % PADDING_ALPHABET.length,
): Uint8Array {
  const payload = JSON.stringify({ ...value, p: PADDING_ALPHABET.slice(0, paddingLength) });
  return eventStreamFrame(
    [
      [':event-type', eventType],
      [':content-type', 'application/json'],
      [':message-type', 'event'],
    ],
    payload,
  );
}

/** A modeled exception frame, e.g. `throttlingException` with `{"message": ...}`. */
export function bedrockException(exceptionType: string, message: string): Uint8Array {
  return eventStreamFrame(
    [
      [':exception-type', exceptionType],
      [':content-type', 'application/json'],
      [':message-type', 'exception'],
    ],
    JSON.stringify({ message }),
  );
}

/** An unmodeled error frame: the code and message are headers, the payload is empty. */
export function bedrockErrorFrame(code: string, message: string): Uint8Array {
  return eventStreamFrame(
    [
      [':error-code', code],
      [':error-message', message],
      [':message-type', 'error'],
    ],
    '',
  );
}

export interface BedrockUsageReport {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** The frames up to and including the text deltas (what a cut or failing stream sends). */
export function bedrockTextFrames(pieces: string[]): Uint8Array[] {
  return [
    bedrockEvent('messageStart', { role: 'assistant' }),
    ...pieces.map((text) =>
      bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }),
    ),
  ];
}

/** A complete ConverseStream answer: deltas, block stop, messageStop, then metadata with usage. */
export function bedrockStreamFrames(
  pieces: string[],
  usage: BedrockUsageReport,
  stopReason = 'end_turn',
): Uint8Array[] {
  return [
    ...bedrockTextFrames(pieces),
    bedrockEvent('contentBlockStop', { contentBlockIndex: 0 }),
    ...bedrockEndFrames(usage, stopReason),
  ];
}

/** The end of every answer: messageStop with the stop reason, then metadata with the usage. */
export function bedrockEndFrames(usage: BedrockUsageReport, stopReason: string): Uint8Array[] {
  return [
    bedrockEvent('messageStop', { stopReason }),
    bedrockEvent('metadata', {
      usage: {
        ...usage,
        totalTokens:
          usage.inputTokens +
          usage.outputTokens +
          (usage.cacheReadInputTokens ?? 0) +
          (usage.cacheWriteInputTokens ?? 0),
      },
      metrics: { latencyMs: 412 },
    }),
  ];
}

/** A tool call as a test scripts it. */
export interface BedrockToolUse {
  toolUseId: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * One toolUse content block: `contentBlockStart` with the id and name, the input's JSON text in
 * two `toolUse.input` pieces (one `""` piece for an empty input, as Bedrock streams it), then
 * `contentBlockStop`.
 */
export function bedrockToolUseFrames(index: number, call: BedrockToolUse): Uint8Array[] {
  const json = Object.keys(call.input).length === 0 ? '' : JSON.stringify(call.input);
  const cut = Math.ceil(json.length / 2);
  const pieces = json === '' ? [''] : [json.slice(0, cut), json.slice(cut)];
  return [
    bedrockEvent('contentBlockStart', {
      contentBlockIndex: index,
      start: { toolUse: { toolUseId: call.toolUseId, name: call.name } },
    }),
    ...pieces.map((input) =>
      bedrockEvent('contentBlockDelta', {
        contentBlockIndex: index,
        delta: { toolUse: { input } },
      }),
    ),
    bedrockEvent('contentBlockStop', { contentBlockIndex: index }),
  ];
}

/** A reasoning block as Bedrock streams it: text pieces then a signature, or one redacted blob. */
export type BedrockReasoning = { text: string[]; signature: string } | { redactedContent: string };

/** One reasoning content block (no `contentBlockStart`, as for text), ended by its stop. */
export function bedrockReasoningFrames(index: number, reasoning: BedrockReasoning): Uint8Array[] {
  const deltas =
    'redactedContent' in reasoning
      ? [{ redactedContent: reasoning.redactedContent }]
      : [...reasoning.text.map((text) => ({ text })), { signature: reasoning.signature }];
  return [
    ...deltas.map((reasoningContent) =>
      bedrockEvent('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent } }),
    ),
    bedrockEvent('contentBlockStop', { contentBlockIndex: index }),
  ];
}

/** A recorded line `{"eventType": payload}` as the frame it was decoded from (padding restored). */
export function recordedLineFrame(line: string, index: number): Uint8Array {
  const wrapper = JSON.parse(line) as Record<string, Record<string, unknown>>;
  const [eventType, value] = Object.entries(wrapper)[0] ?? [];
  if (eventType === undefined || value === undefined)
    throw new Error(`Bad recording line: ${line}`);
  return bedrockEvent(eventType, value, 1 + ((index * 13) % PADDING_ALPHABET.length));
}

export const EVENT_STREAM_HEADERS = {
  'content-type': 'application/vnd.amazon.eventstream',
  'x-amzn-requestid': 'bedrock-req-stream',
};

const ERROR_TYPE_BY_STATUS: Record<number, string> = {
  400: 'ValidationException',
  401: 'UnrecognizedClientException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** An HTTP error as Bedrock sends it: `{"message"}` and the name in x-amzn-ErrorType. */
export function bedrockHttpError(
  status: number,
  message: string,
  errorType = ERROR_TYPE_BY_STATUS[status] ?? 'InternalServerException',
): ScriptedResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': 'bedrock-req-error',
    },
    body: JSON.stringify({ message }),
  };
}

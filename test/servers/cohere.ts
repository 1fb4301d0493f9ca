import type { ScriptedResponse } from './replay-server.js';
import { sseEvent } from './sse.js';

/** Response headers of a Chat v2 stream. */
export const COHERE_SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-request-id': 'req-cohere-stream',
};

export interface CohereUsageCounts {
  /** usage.tokens: everything the model read and wrote. */
  input_tokens: number;
  output_tokens: number;
  /** usage.billed_units (default: the same as tokens). */
  billed_input_tokens?: number;
  billed_output_tokens?: number;
  cached_tokens?: number;
}

export interface CohereStreamOptions {
  usage?: CohereUsageCounts;
  finishReason?: string;
  /** Thinking deltas, in a thinking content block before the text block. */
  thinking?: string[];
  /** Append the `data: [DONE]` the live API reportedly sends after message-end (default true). */
  done?: boolean;
}

function usageObject(usage: CohereUsageCounts): object {
  return {
    billed_units: {
      input_tokens: usage.billed_input_tokens ?? usage.input_tokens,
      output_tokens: usage.billed_output_tokens ?? usage.output_tokens,
    },
    tokens: { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens },
    ...(usage.cached_tokens !== undefined ? { cached_tokens: usage.cached_tokens } : {}),
  };
}

/** The first event of every Chat v2 stream: an empty message skeleton, as recorded. */
function cohereMessageStart(): object {
  return {
    id: '321d178c-2c12-44d3-ae42-2f5510f6b1cc',
    type: 'message-start',
    delta: {
      message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] },
    },
  };
}

/** A content block at `index`: content-start, one content-delta per piece, content-end. */
function cohereContentBlock(index: number, kind: 'text' | 'thinking', pieces: string[]): object[] {
  return [
    { type: 'content-start', index, delta: { message: { content: { type: kind, [kind]: '' } } } },
    ...pieces.map((piece) => ({
      type: 'content-delta',
      index,
      delta: { message: { content: { [kind]: piece } } },
    })),
    { type: 'content-end', index },
  ];
}

/**
 * The events up to the last text delta, shaped like the recorded ones: message-start,
 * (a thinking block), content-start, one content-delta per piece (docs/wire-protocols.md: Cohere).
 */
export function cohereEventsUntilLastText(
  pieces: string[],
  options: Pick<CohereStreamOptions, 'thinking'> = {},
): object[] {
  const events: object[] = [cohereMessageStart()];
  if (options.thinking) events.push(...cohereContentBlock(0, 'thinking', options.thinking));
  const text = cohereContentBlock(options.thinking ? 1 : 0, 'text', pieces);
  // Without its content-end: a cut stream stops after the last text delta.
  events.push(...text.slice(0, -1));
  return events;
}

/** The whole event list of a stream answering `pieces`, ending with message-end. */
export function cohereEvents(pieces: string[], options: CohereStreamOptions = {}): object[] {
  const events = cohereEventsUntilLastText(pieces, options);
  const index = options.thinking ? 1 : 0;
  events.push({ type: 'content-end', index });
  events.push(cohereMessageEnd(options.finishReason ?? 'COMPLETE', options.usage));
  return events;
}

/** The final event: finish reason, usage and, for a failed generation, an error message. */
export function cohereMessageEnd(
  finishReason: string,
  usage: CohereUsageCounts = { input_tokens: 0, output_tokens: 0 },
  error?: string,
): object {
  return {
    type: 'message-end',
    delta: {
      ...(error !== undefined ? { error } : {}),
      finish_reason: finishReason,
      usage: usageObject(usage),
    },
  };
}

/** One tool call as a test scripts it; `input` `{}` streams as Cohere sends "no parameters". */
export interface CohereScriptedCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface CohereToolCallStreamOptions {
  /** `tool-plan-delta` pieces, streamed before the calls (default: one short plan). */
  toolPlan?: string[];
  /** A thinking block before the plan. */
  thinking?: string[];
  /** Answer text in a text block before the calls. */
  text?: string;
  usage?: CohereUsageCounts;
}

/** The plan a scripted tool-call stream carries unless the test gives one. */
export const COHERE_DEFAULT_TOOL_PLAN = ['I will call', ' the tools.'];

/**
 * A tool-call answer as the recordings show it: message-start, (a thinking block), the
 * tool-plan deltas, (a text block), then per call `tool-call-start` (one object, arguments
 * ''), its arguments in small `tool-call-delta` pieces (none for `{}`) and `tool-call-end`;
 * message-end with finish_reason TOOL_CALL.
 */
export function cohereToolCallEvents(
  calls: CohereScriptedCall[],
  options: CohereToolCallStreamOptions = {},
): object[] {
  const events: object[] = [cohereMessageStart()];
  let block = 0;
  if (options.thinking) events.push(...cohereContentBlock(block++, 'thinking', options.thinking));
  for (const tool_plan of options.toolPlan ?? COHERE_DEFAULT_TOOL_PLAN) {
    events.push({ type: 'tool-plan-delta', delta: { message: { tool_plan } } });
  }
  if (options.text) events.push(...cohereContentBlock(block++, 'text', [options.text]));
  calls.forEach((call, index) => {
    const toolCall = {
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: '' },
    };
    events.push({ type: 'tool-call-start', index, delta: { message: { tool_calls: toolCall } } });
    const json = Object.keys(call.input).length > 0 ? JSON.stringify(call.input) : '';
    for (let at = 0; at < json.length; at += 5) {
      const piece = { function: { arguments: json.slice(at, at + 5) } };
      events.push({ type: 'tool-call-delta', index, delta: { message: { tool_calls: piece } } });
    }
    events.push({ type: 'tool-call-end', index });
  });
  events.push(cohereMessageEnd('TOOL_CALL', options.usage));
  return events;
}

/** SSE bytes: `event: <type>` and `data: <json>` per event, then the optional `[DONE]`. */
export function cohereSse(events: object[], options: { done?: boolean } = {}): string[] {
  const body = events.map((event) =>
    sseEvent(JSON.stringify(event), { event: (event as { type: string }).type }),
  );
  if (options.done ?? true) body.push(sseEvent('[DONE]'));
  return body;
}

/** A 200 Chat v2 stream answering `pieces`. */
export function cohereStream(
  pieces: string[],
  options: CohereStreamOptions = {},
): ScriptedResponse {
  return {
    headers: COHERE_SSE_HEADERS,
    body: cohereSse(cohereEvents(pieces, options), { done: options.done ?? true }),
  };
}

/** An HTTP error in Cohere's `{"id","message"}` shape. */
export function cohereError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req-cohere-error', ...headers },
    body: JSON.stringify({ id: 'b3c2e0a8-0f5d-4c55-9c1e-3f4a2d6e7b10', message }),
  };
}

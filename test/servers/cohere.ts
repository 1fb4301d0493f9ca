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

/**
 * The events up to the last text delta, shaped like the recorded ones: message-start,
 * (a thinking block), content-start, one content-delta per piece (docs/wire-protocols.md: Cohere).
 */
export function cohereEventsUntilLastText(
  pieces: string[],
  options: Pick<CohereStreamOptions, 'thinking'> = {},
): object[] {
  const events: object[] = [
    {
      id: '321d178c-2c12-44d3-ae42-2f5510f6b1cc',
      type: 'message-start',
      delta: {
        message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] },
      },
    },
  ];
  let index = 0;
  if (options.thinking) {
    events.push({
      type: 'content-start',
      index,
      delta: { message: { content: { type: 'thinking', thinking: '' } } },
    });
    for (const thinking of options.thinking) {
      events.push({ type: 'content-delta', index, delta: { message: { content: { thinking } } } });
    }
    events.push({ type: 'content-end', index });
    index++;
  }
  events.push({
    type: 'content-start',
    index,
    delta: { message: { content: { type: 'text', text: '' } } },
  });
  for (const text of pieces) {
    events.push({ type: 'content-delta', index, delta: { message: { content: { text } } } });
  }
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

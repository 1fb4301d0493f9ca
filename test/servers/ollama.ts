import type { ScriptedResponse } from './replay-server.js';

export const NDJSON_HEADERS = { 'content-type': 'application/x-ndjson' };

export interface OllamaStreamOptions {
  model?: string;
  /** Counts on the done line; a zero count is left out, as Go's `omitempty` does. */
  usage?: { input: number; output: number };
  doneReason?: string;
  /** Reasoning lines (`message.thinking`) sent before the answer pieces. */
  thinking?: string[];
  /** `message.tool_calls` items as the server writes them, on one line after the answer pieces. */
  toolCalls?: object[];
}

/**
 * One `message.tool_calls` item as Ollama's Go structs marshal it: `id` only when the server
 * made one (newer servers: `call_` + 8 characters), then `function` with `index`, `name` and
 * the arguments as an object.
 */
export function ollamaToolCall(
  name: string,
  args: Record<string, unknown>,
  options: { id?: string; index?: number } = {},
): object {
  return {
    ...(options.id !== undefined ? { id: options.id } : {}),
    function: { index: options.index ?? 0, name, arguments: args },
  };
}

/** Go's time.Time as Ollama marshals it (RFC 3339 with nanoseconds), one per line. */
function createdAt(index: number): string {
  return `2025-06-01T10:00:0${index % 10}.${String(123456789 + index).padStart(9, '0')}Z`;
}

/**
 * The NDJSON lines `/api/chat` streams for `pieces`, fields in Ollama's Go struct order
 * (docs/wire-protocols.md: Ollama): `model, created_at, message, done`, and on the final line
 * `done_reason`, then durations and counts. Each line ends with `\n`.
 */
export function ollamaLines(pieces: string[], options: OllamaStreamOptions = {}): string[] {
  const model = options.model ?? 'llama3.2';
  let index = 0;
  const line = (message: Record<string, unknown>, done: boolean): Record<string, unknown> => ({
    model,
    created_at: createdAt(index++),
    message: { role: 'assistant', ...message },
    done,
  });
  const objects: Array<Record<string, unknown>> = [
    ...(options.thinking ?? []).map((thinking) => line({ content: '', thinking }, false)),
    ...pieces.map((content) => line({ content }, false)),
  ];
  if (options.toolCalls !== undefined) {
    objects.push(line({ content: '', tool_calls: options.toolCalls }, false));
  }
  if (options.doneReason !== undefined || options.usage !== undefined) {
    const final = line({ content: '' }, true);
    final.done_reason = options.doneReason ?? 'stop';
    final.total_duration = 4883583458;
    final.load_duration = 1334875;
    const { input, output } = options.usage ?? { input: 0, output: 0 };
    if (input !== 0) final.prompt_eval_count = input;
    final.prompt_eval_duration = 342546000;
    if (output !== 0) final.eval_count = output;
    final.eval_duration = 4535599000;
    objects.push(final);
  }
  return objects.map((object) => `${JSON.stringify(object)}\n`);
}

/** A complete 200 NDJSON stream ending with the `done: true` line. */
export function ollamaStream(
  pieces: string[],
  options: OllamaStreamOptions = {},
): ScriptedResponse {
  return {
    headers: NDJSON_HEADERS,
    body: ollamaLines(pieces, { doneReason: 'stop', ...options }),
  };
}

/** Ollama's error body `{"error":"..."}`, sent before any output with its own status. */
export function ollamaError(status: number, message: string): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: message }),
  };
}

/** The mid-stream error line (the status stays 200). */
export function ollamaErrorLine(message: string): string {
  return `${JSON.stringify({ error: message })}\n`;
}

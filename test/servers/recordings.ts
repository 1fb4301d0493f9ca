import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { BaseLLM, LLMEvent } from '../../src/index.js';
import type { ReplayServer, ScriptedResponse } from './replay-server.js';

/** The recorded real-API streams (test/fixtures/recordings; source and licence in its README). */
export const RECORDINGS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../fixtures/recordings',
);

export interface RecordingEntry {
  provider: string;
  file: string;
  kind: 'stream' | 'response';
  model?: string | null;
  expected_text: string;
  expected_reasoning?: string;
  usage: Record<string, number>;
  finish_reason: string;
  /** The parsed calls, in the order they start; `id` null where the provider sent none. */
  expected_tool_calls?: Array<{ id: string | null; name: string; arguments: unknown }>;
}

let manifest: RecordingEntry[] | undefined;

/** Manifest entries of one recorded provider folder (e.g. 'openai', 'groq', 'google'). */
export function recordedStreams(provider: string): RecordingEntry[] {
  manifest ??= (
    JSON.parse(readFileSync(join(RECORDINGS_DIR, 'manifest.json'), 'utf8')) as {
      files: RecordingEntry[];
    }
  ).files;
  return manifest.filter((entry) => entry.provider === provider && entry.kind === 'stream');
}

/** The non-empty lines of a `.chunks.txt` recording, exactly as stored. */
export function recordedLines(entry: RecordingEntry): string[] {
  return readFileSync(join(RECORDINGS_DIR, entry.file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** What the user must see when a recording is replayed. */
export interface RecordingExpectation {
  text: string;
  tokensUsed: { input: number; output: number };
  /** The provider's own finish reason, as the manifest gives it. */
  finishReason: string;
}

/**
 * Replay one rebuilt recording once per seed, each time split at different random byte
 * offsets, through a fresh LLM, and check the exact text, `tokensUsed` and finish reason.
 */
export async function expectRecordingReplays(
  server: ReplayServer,
  response: Omit<ScriptedResponse, 'splitSeed'>,
  create: () => BaseLLM,
  expected: RecordingExpectation,
  seeds: readonly number[] = [21, 22, 23],
): Promise<void> {
  for (const seed of seeds) {
    server.enqueue({ ...response, splitSeed: seed });
    const llm = create();
    const finishes: string[] = [];
    const text = await llm.generate('hi', {
      onFinish: ({ providerFinishReason }) => finishes.push(providerFinishReason),
    });
    expect(text).toBe(expected.text);
    expect(llm.tokensUsed).toEqual(expected.tokensUsed);
    expect(finishes).toEqual([expected.finishReason]);
  }
}

/** The manifest's stream recordings of one folder that contain tool calls. */
export function recordedToolCallStreams(provider: string): RecordingEntry[] {
  return recordedStreams(provider).filter((entry) => (entry.expected_tool_calls?.length ?? 0) > 0);
}

/**
 * Replay a tool-call recording once per seed (random byte splits) through `streamEvents`: the
 * `tool-call` events equal the manifest's calls (names, parsed inputs, the provider's ids where
 * it sent them, unique made-up ids where not), each after its own `tool-call-start`, and the
 * finish reason is `tool-calls`. Then `stream()` on the same bytes yields only the answer text.
 */
export async function expectRecordedToolCalls(
  server: ReplayServer,
  response: Omit<ScriptedResponse, 'splitSeed'>,
  create: () => BaseLLM,
  entry: RecordingEntry,
  seeds: readonly number[] = [31, 32, 33],
): Promise<void> {
  const expected = entry.expected_tool_calls ?? [];
  for (const seed of seeds) {
    server.enqueue({ ...response, splitSeed: seed });
    const events: LLMEvent[] = [];
    for await (const event of create().streamEvents('hi')) events.push(event);
    const calls = events.filter(
      (event): event is Extract<LLMEvent, { type: 'tool-call' }> => event.type === 'tool-call',
    );
    expect(calls.map(({ name, input }) => ({ name, arguments: input }))).toEqual(
      expected.map(({ name, arguments: input }) => ({ name, arguments: input ?? {} })),
    );
    calls.forEach((call, index) => {
      const id = expected[index]?.id;
      if (id) expect(call.id).toBe(id);
      else expect(call.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
      const start = events.findIndex(
        (event) => event.type === 'tool-call-start' && event.id === call.id,
      );
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start).toBeLessThan(events.indexOf(call));
    });
    expect(new Set(calls.map((call) => call.id)).size).toBe(calls.length);
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: 'tool-calls',
      providerFinishReason: entry.finish_reason,
    });
  }
  server.enqueue({ ...response, splitSeed: seeds[0] });
  let text = '';
  for await (const piece of create().stream('hi')) text += piece;
  expect(text).toBe(entry.expected_text);
}

/** The manifest's stream recordings of one folder that stream reasoning text. */
export function recordedReasoningStreams(provider: string): RecordingEntry[] {
  return recordedStreams(provider).filter((entry) => (entry.expected_reasoning ?? '') !== '');
}

/**
 * Replay a recording with reasoning (random byte splits): `generateResponse` has the manifest's
 * reasoning and answer text apart, `streamEvents` delivers the reasoning as `reasoning` events
 * before the first text event, never as text, and `stream()` yields the answer text only.
 */
export async function expectRecordedReasoning(
  server: ReplayServer,
  response: Omit<ScriptedResponse, 'splitSeed'>,
  create: () => BaseLLM,
  entry: RecordingEntry,
): Promise<void> {
  server.enqueue({ ...response, splitSeed: 41 });
  const answer = await create().generateResponse('hi');
  expect(answer.reasoning).toBe(entry.expected_reasoning);
  expect(answer.text).toBe(entry.expected_text);
  server.enqueue({ ...response, splitSeed: 42 });
  let reasoning = '';
  let text = '';
  let reasoningAfterText = false;
  for await (const event of create().streamEvents('hi')) {
    if (event.type === 'reasoning') {
      reasoning += event.text;
      if (text !== '') reasoningAfterText = true;
    }
    if (event.type === 'text') text += event.text;
  }
  expect({ reasoning, text, reasoningAfterText }).toEqual({
    reasoning: entry.expected_reasoning,
    text: entry.expected_text,
    reasoningAfterText: false,
  });
  server.enqueue({ ...response, splitSeed: 43 });
  let streamed = '';
  for await (const piece of create().stream('hi')) streamed += piece;
  expect(streamed).toBe(entry.expected_text);
}

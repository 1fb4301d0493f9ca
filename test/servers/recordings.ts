import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { BaseLLM } from '../../src/index.js';
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
  usage: Record<string, number>;
  finish_reason: string;
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

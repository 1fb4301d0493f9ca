import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The recorded real-API streams handed to the project (read-only, beside the checkout). */
export const RECORDINGS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/recordings',
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

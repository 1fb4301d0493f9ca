import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LLMConfigOptions, OpenAILLM } from '../../src/index.js';
import { openAIAgainst, openAIChunks, openAISse, SSE_HEADERS } from '../servers/openai-chat.js';
import type { RecordedRequest, ReplayServer, ScriptedResponse } from '../servers/replay-server.js';

/** Answers every prompt with `echo:<prompt>`, so a cache hit for the wrong request shows. */
export function echo(request: RecordedRequest): ScriptedResponse {
  const body = request.json as { messages: Array<{ content: string }> };
  return answer([`echo:${body.messages.at(-1)?.content ?? ''}`]);
}

/** Distinctive, so a test can search files and Redis values for it. */
export const API_KEY = 'sk-cache-test-SECRET-7f3a9c1e5b2d4086';

/** An OpenAI LLM with the cache on, talking to the replay server. */
export function cachedLLM(
  server: ReplayServer,
  options: Partial<LLMConfigOptions> = {},
): OpenAILLM {
  return openAIAgainst(server, { apiKey: API_KEY, cache: true, ...options });
}

/** A complete streamed answer with usage, each piece its own write (`gapMs` apart). */
export function answer(
  pieces: string[],
  options: { gapMs?: number; finishReason?: string } = {},
): ScriptedResponse {
  return {
    headers: SSE_HEADERS,
    body: openAISse(
      openAIChunks(pieces, {
        usage: { prompt_tokens: 11, completion_tokens: pieces.length },
        ...(options.finishReason ? { finishReason: options.finishReason } : {}),
      }),
    ),
    ...(options.gapMs ? { gapMs: options.gapMs } : {}),
  };
}

/** The pieces, then the connection drops before the finish chunk and [DONE]. */
export function cutAnswer(pieces: string[]): ScriptedResponse {
  return {
    headers: SSE_HEADERS,
    body: openAISse(openAIChunks(pieces).slice(0, pieces.length + 1), { done: false }),
    cut: true,
  };
}

/** Read every piece of a stream into one string. */
export async function collect(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of stream) text += piece;
  return text;
}

/** A fresh directory under the OS temp dir, and a function that removes it. */
export function tempDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'synapsekit-cache-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

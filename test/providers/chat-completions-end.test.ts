import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  MistralLLM,
  OpenAILLM,
  TogetherLLM,
  type BaseLLM,
  type FinishInfo,
} from '../../src/index.js';
import { openAIChunks, openAISse, SSE_HEADERS } from '../servers/openai-chat.js';
import { drainStream, rejectionOfType } from '../servers/capture.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const USAGE = { prompt_tokens: 12, completion_tokens: 3 };

/** The chunks of an answer as SSE, without `data: [DONE]`, then a clean EOF. */
function endsAtEof(chunks: object[]): ScriptedResponse {
  return { headers: SSE_HEADERS, body: openAISse(chunks, { done: false }) };
}

describe('Chat Completions streams: how they may end', () => {
  const server = useReplayServer();

  const classes: Array<[string, (url: string) => BaseLLM]> = [
    ['OpenAILLM', (url) => new OpenAILLM({ model: 'gpt-4o-mini', apiKey: 'k', baseUrl: url })],
    ['MistralLLM', (url) => new MistralLLM({ model: 'mistral-small', apiKey: 'k', baseUrl: url })],
    ['TogetherLLM', (url) => new TogetherLLM({ model: 'm', apiKey: 'k', baseUrl: url })],
  ];

  for (const [name, create] of classes) {
    describe(name, () => {
      const llm = (): BaseLLM => create(`${server().url}/v1`);

      it('a finish_reason, the usage chunk, then EOF without [DONE]: a complete answer with usage', async () => {
        server().enqueue(endsAtEof(openAIChunks(['Hello', ' world'], { usage: USAGE })));
        const finished: FinishInfo[] = [];
        const text = await llm().generate('hi', { onFinish: (info) => finished.push(info) });
        expect(text).toBe('Hello world');
        expect(finished).toHaveLength(1);
        expect(finished[0]).toMatchObject({
          finishReason: 'stop',
          attempts: 1,
          usage: { input: 12, output: 3, reported: true },
        });
        expect(server().requests).toHaveLength(1);
      });

      it('stream(): the same end throws nothing after the whole answer', async () => {
        server().enqueue(endsAtEof(openAIChunks(['Hello', ' world'], { usage: USAGE })));
        const { pieces, error } = await drainStream(llm().stream('hi'));
        expect(pieces.join('')).toBe('Hello world');
        expect(error).toBeUndefined();
      });

      it('EOF right after the finish chunk (no usage yet): complete, usage not reported', async () => {
        const chunks = openAIChunks(['Short'], { usage: USAGE }).slice(0, -1);
        server().enqueue(endsAtEof(chunks));
        const finished: FinishInfo[] = [];
        expect(await llm().generate('hi', { onFinish: (info) => finished.push(info) })).toBe(
          'Short',
        );
        expect(finished[0]).toMatchObject({ finishReason: 'stop', usage: { reported: false } });
      });

      it('EOF before any finish_reason is still a retryable ConnectionError', async () => {
        // The role chunk and the text chunks, no finish chunk.
        server().always(endsAtEof(openAIChunks(['Half']).slice(0, 2)));
        const error = await rejectionOfType(llm().generate('hi'), ConnectionError);
        expect(error.retryable).toBe(true);
        expect(error.message).toContain("ended before the provider's end-of-response signal");
      });

      it('[DONE] when no chunk had a finish_reason: finished as other, with no provider reason, not "stop"', async () => {
        const chunks = openAIChunks(['No reason given']).slice(0, 2);
        server().enqueue({
          headers: SSE_HEADERS,
          body: [...openAISse(chunks, { done: false }), sseEvent('[DONE]')],
        });
        const finished: FinishInfo[] = [];
        expect(await llm().generate('hi', { onFinish: (info) => finished.push(info) })).toBe(
          'No reason given',
        );
        expect(finished[0]?.finishReason).toBe('other');
        expect(finished[0]?.providerFinishReason).toBe('');
      });
    });
  }
});

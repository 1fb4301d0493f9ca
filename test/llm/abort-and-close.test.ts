import { describe, expect, it } from 'vitest';
import { AbortError, ConfigError, type LLMConfigOptions, type OpenAILLM } from '../../src/index.js';
import { rejectionOfType } from '../servers/capture.js';
import {
  openAIAgainst,
  openAIChunks,
  openAISse,
  openAIStream,
  SSE_HEADERS,
} from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';

describe('abort and close', () => {
  const server = useReplayServer();

  const llm = (options: Partial<LLMConfigOptions> = {}): OpenAILLM =>
    openAIAgainst(server(), options);

  /** Abort inside the loop on the first piece; what was received, and how the loop ended. */
  async function abortOnFirstPiece(
    target: OpenAILLM,
  ): Promise<{ received: string[]; error: unknown }> {
    const controller = new AbortController();
    const received: string[] = [];
    try {
      for await (const piece of target.stream('hi', { signal: controller.signal })) {
        received.push(piece);
        controller.abort();
      }
    } catch (error) {
      return { received, error };
    }
    return { received, error: undefined };
  }

  it('nothing is yielded after signal.abort(), even when the rest is already read (50 runs)', async () => {
    // The whole answer in one write, so it arrives in one read and is parsed in one batch.
    const body = openAISse(openAIChunks(['one', 'two', 'three', 'four'])).join('');
    const target = llm();
    for (let run = 0; run < 50; run++) {
      server().enqueue({ headers: SSE_HEADERS, body });
      const { received, error } = await abortOnFirstPiece(target);
      expect(received).toEqual(['one']);
      expect(error).toBeInstanceOf(AbortError);
    }
  });

  it('the same from a cached answer (50 runs)', async () => {
    server().enqueue(openAIStream(['one', 'two', 'three', 'four']));
    const target = llm({ cache: true });
    await target.generate('hi');
    for (let run = 0; run < 50; run++) {
      const { received, error } = await abortOnFirstPiece(target);
      // A hit replays the answer's pieces as they arrived.
      expect(received).toEqual(['one']);
      expect(error).toBeInstanceOf(AbortError);
    }
    expect(server().requests).toHaveLength(1);
  });

  describe('after close()', () => {
    it('generate() rejects and stream() throws a ConfigError that says so; no request is sent', async () => {
      const target = llm({ cache: true, requestsPerMinute: 600 });
      server().enqueue(openAIStream(['ok']));
      expect(await target.generate('hi')).toBe('ok');
      await target.close();

      const rejected = await rejectionOfType(target.generate('hi again'), ConfigError);
      expect(rejected.message).toContain('OpenAILLM was closed');
      expect(rejected.message).toContain('new instance');
      expect(() => target.stream('hi again')).toThrow(ConfigError);
      expect(() => target.streamWithMessages([{ role: 'user', content: 'x' }])).toThrow(
        /was closed/,
      );
      expect(server().requests).toHaveLength(1);
    });

    it('close() stays idempotent, and a cached answer is not served from a closed cache either', async () => {
      const target = llm({ cache: true });
      server().enqueue(openAIStream(['stored']));
      await target.generate('hi');
      await target.close();
      await target.close();
      await expect(target.generate('hi')).rejects.toBeInstanceOf(ConfigError);
      expect(target.cacheStats).toMatchObject({ hits: 0, misses: 1 });
    });
  });
});

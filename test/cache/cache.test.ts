import { describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ConnectionError,
  ProviderError,
  StreamInterruptedError,
  type FinishInfo,
} from '../../src/index.js';
import { openAIError } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { answer, cachedLLM, collect, cutAnswer } from './helpers.js';

describe('response cache (memory backend)', () => {
  const server = useReplayServer();

  it('answers a repeated generate from the cache: one request, hits 1 / misses 1 / size 1', async () => {
    server().enqueue(answer(['Paris', ' is the capital.']));
    const llm = cachedLLM(server());
    expect(llm.cacheStats).toEqual({ hits: 0, misses: 0, size: 0 });
    expect(await llm.generate('Capital of France?')).toBe('Paris is the capital.');
    expect(await llm.generate('Capital of France?')).toBe('Paris is the capital.');
    expect(server().requests).toHaveLength(1);
    expect(llm.cacheStats).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it('has no stats when the cache is off, and then sends every call', async () => {
    server().always(answer(['ok']));
    const llm = cachedLLM(server(), { cache: false });
    await llm.generate('same');
    await llm.generate('same');
    expect(server().requests).toHaveLength(2);
    expect(llm.cacheStats).toBeUndefined();
  });

  it('keys on temperature, system prompt, maxTokens, topP, stop, extraBody and the messages', async () => {
    server().always(answer(['ok']));
    const llm = cachedLLM(server());
    await llm.generate('q');
    await llm.generate('q', { temperature: 0.9 });
    await cachedLLM(server(), { systemPrompt: 'Be terse.' }).generate('q');
    await llm.generate('q', { maxTokens: 5 });
    await llm.generate('q', { topP: 0.5 });
    await llm.generate('q', { stop: ['\n'] });
    await llm.generate('q', { extraBody: { seed: 1 } });
    await llm.generateWithMessages([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
      { role: 'user', content: 'q' },
    ]);
    expect(server().requests).toHaveLength(8);
    // Each of those is now cached, including the config's own system prompt made explicit.
    await llm.generate('q', { temperature: 0.9 });
    await llm.generateWithMessages([
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'q' },
    ]);
    await llm.generate('q', { extraBody: { seed: 1 } });
    expect(server().requests).toHaveLength(8);
  });

  it('the default temperature and the same explicit one send the same body, so share an entry', async () => {
    server().always(answer(['ok']));
    const llm = cachedLLM(server());
    await llm.generate('q', { temperature: 0.2 });
    await llm.generate('q');
    expect(server().requests).toHaveLength(1);
    expect(llm.cacheStats).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it('replays a cached stream: the second stream sends no request and yields the same text', async () => {
    server().enqueue(answer(['Once', ' upon', ' a time.']));
    const llm = cachedLLM(server());
    const live: string[] = [];
    for await (const piece of llm.stream('Tell a story')) live.push(piece);
    expect(live).toEqual(['Once', ' upon', ' a time.']);
    const replayed: string[] = [];
    for await (const piece of llm.stream('Tell a story')) replayed.push(piece);
    expect(replayed.join('')).toBe('Once upon a time.');
    expect(server().requests).toHaveLength(1);
    // generate and stream share entries: same request, same answer.
    expect(await llm.generate('Tell a story')).toBe('Once upon a time.');
    expect(server().requests).toHaveLength(1);
  });

  it('replays a hit piece for piece, as the live answer arrived (surrogate pairs intact)', async () => {
    const pieces = ['😀'.repeat(300), 'é'.repeat(300), ' end'];
    server().enqueue(answer(pieces));
    const llm = cachedLLM(server());
    await llm.generate('long');
    const replayed: string[] = [];
    for await (const piece of llm.stream('long')) replayed.push(piece);
    expect(replayed).toEqual(pieces);
    expect(server().requests).toHaveLength(1);
  });

  it('reports a hit to onFinish as cached, with no usage and no attempts, and adds no tokens', async () => {
    server().enqueue(answer(['a', 'b'], { finishReason: 'length' }));
    const llm = cachedLLM(server());
    const finishes: FinishInfo[] = [];
    await llm.generate('q', { onFinish: (info) => finishes.push(info) });
    const afterMiss = llm.tokensUsed;
    expect(afterMiss).toEqual({ input: 11, output: 2 });
    await collect(llm.stream('q', { onFinish: (info) => finishes.push(info) }));
    expect(llm.tokensUsed).toEqual(afterMiss);
    const answered = { model: llm.config.model, provider: 'openai' };
    expect(finishes).toEqual([
      {
        usage: { input: 11, output: 2, reported: true },
        finishReason: 'length',
        providerFinishReason: 'length',
        cached: false,
        attempts: 1,
        steps: 1,
        ...answered,
      },
      {
        usage: { input: 0, output: 0, reported: false },
        finishReason: 'length',
        providerFinishReason: 'length',
        cached: true,
        attempts: 0,
        steps: 1,
        ...answered,
      },
    ]);
  });

  it('cache: false on a call neither reads nor writes the cache', async () => {
    server().enqueue(answer(['first']), answer(['second']), answer(['third']));
    const llm = cachedLLM(server());
    expect(await llm.generate('q')).toBe('first');
    expect(await llm.generate('q', { cache: false })).toBe('second');
    expect(await llm.generate('q')).toBe('first');
    expect(await collect(llm.stream('other', { cache: false }))).toBe('third');
    expect(llm.cacheStats).toEqual({ hits: 1, misses: 1, size: 1 });
    expect(server().requests).toHaveLength(3);
  });

  it('does not store a cut stream', async () => {
    server().enqueue(cutAnswer(['Half an ans']), answer(['Whole answer.']));
    const llm = cachedLLM(server());
    const error = await collect(llm.stream('q')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Half an ans');
    expect(await llm.generate('q')).toBe('Whole answer.');
    expect(server().requests).toHaveLength(2);
    expect(llm.cacheStats).toEqual({ hits: 0, misses: 2, size: 1 });
  });

  it('does not store a failed generate, and an error is not replayed', async () => {
    server().enqueue(cutAnswer(['partial']), openAIError(500, 'boom'), answer(['fine']));
    const llm = cachedLLM(server());
    await expect(llm.generate('q')).rejects.toBeInstanceOf(ConnectionError);
    await expect(llm.generate('q')).rejects.toBeInstanceOf(ProviderError);
    expect(await llm.generate('q')).toBe('fine');
    expect(server().requests).toHaveLength(3);
  });

  it('does not store an empty answer', async () => {
    server().enqueue(answer([]), answer(['now with text']));
    const llm = cachedLLM(server());
    expect(await llm.generate('q')).toBe('');
    expect(await llm.generate('q')).toBe('now with text');
    expect(llm.cacheStats?.size).toBe(1);
  });

  it('does not store an aborted stream', async () => {
    server().enqueue(answer(['one', ' two', ' three'], { gapMs: 40 }), answer(['fresh']));
    const llm = cachedLLM(server());
    const controller = new AbortController();
    const error = await (async () => {
      for await (const _piece of llm.stream('q', { signal: controller.signal })) controller.abort();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    await vi.waitFor(() => expect(server().closedEarly).toBe(1));
    expect(await llm.generate('q')).toBe('fresh');
    expect(llm.cacheStats?.size).toBe(1);
  });

  it('stops the request when the only caller stops reading, and stores nothing', async () => {
    server().enqueue(answer(['one', ' two', ' three'], { gapMs: 40 }), answer(['fresh']));
    const llm = cachedLLM(server());
    for await (const piece of llm.stream('q')) {
      expect(piece).toBe('one');
      break;
    }
    await vi.waitFor(() => expect(server().closedEarly).toBe(1));
    expect(await llm.generate('q')).toBe('fresh');
    expect(server().requests).toHaveLength(2);
  });

  it('throws AbortError at once for an already-aborted signal, without touching the cache', async () => {
    const llm = cachedLLM(server());
    await expect(llm.generate('q', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(server().requests).toHaveLength(0);
    expect(llm.cacheStats).toEqual({ hits: 0, misses: 0, size: 0 });
  });

  it('evicts the least recently used entry beyond cacheMaxsize', async () => {
    server().always(answer(['ok']));
    const llm = cachedLLM(server(), { cacheMaxsize: 2 });
    await llm.generate('a');
    await llm.generate('b');
    await llm.generate('a'); // a is now the most recently used
    await llm.generate('c'); // evicts b
    expect(llm.cacheStats?.size).toBe(2);
    expect(server().requests).toHaveLength(3);
    await llm.generate('a');
    await llm.generate('c');
    expect(server().requests).toHaveLength(3);
    await llm.generate('b');
    expect(server().requests).toHaveLength(4);
  });

  it('expires memory entries after cacheTtl seconds', async () => {
    server().always(answer(['ok']));
    const shortLived = cachedLLM(server(), { cacheTtl: 0.2 });
    await shortLived.generate('q');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(shortLived.cacheStats?.size).toBe(0);
    await shortLived.generate('q');
    expect(server().requests).toHaveLength(2);
    const longLived = cachedLLM(server(), { cacheTtl: 3600 });
    await longLived.generate('q');
    await longLived.generate('q');
    expect(server().requests).toHaveLength(3);
  });

  it('keeps a cache per instance for the memory backend', async () => {
    server().always(answer(['ok']));
    await cachedLLM(server()).generate('q');
    await cachedLLM(server()).generate('q');
    expect(server().requests).toHaveLength(2);
  });
});

describe('single flight: concurrent identical misses', () => {
  const server = useReplayServer();

  it('six concurrent identical calls send one request and all get the full text', async () => {
    server().enqueue(answer(['shared', ' answer'], { gapMs: 20 }));
    const llm = cachedLLM(server());
    const results = await Promise.all([
      llm.generate('q'),
      llm.generate('q'),
      collect(llm.stream('q')),
      llm.generate('q'),
      collect(llm.stream('q')),
      llm.generate('q'),
    ]);
    expect(results).toEqual(Array(6).fill('shared answer'));
    expect(server().requests).toHaveLength(1);
    expect(llm.cacheStats).toEqual({ hits: 5, misses: 1, size: 1 });
  });

  it('reports the usage once, to the caller that made the request; the others are cached', async () => {
    server().enqueue(answer(['x'], { gapMs: 20 }));
    const llm = cachedLLM(server());
    const finishes: FinishInfo[] = [];
    const onFinish = (info: FinishInfo): number => finishes.push(info);
    await Promise.all([llm.generate('q', { onFinish }), llm.generate('q', { onFinish })]);
    expect(finishes.map((info) => [info.cached, info.usage.input, info.attempts])).toEqual([
      [false, 11, 1],
      [true, 0, 0],
    ]);
    expect(llm.tokensUsed).toEqual({ input: 11, output: 1 });
  });

  it('a caller who joins mid-stream gets the text that arrived before it joined', async () => {
    server().enqueue(answer(['early', ' middle', ' late'], { gapMs: 30 }));
    const llm = cachedLLM(server());
    const first = llm.stream('q')[Symbol.asyncIterator]();
    expect((await first.next()).value).toBe('early');
    const joined = collect(llm.stream('q'));
    let rest = '';
    for (let step = await first.next(); !step.done; step = await first.next()) rest += step.value;
    expect('early' + rest).toBe('early middle late');
    expect(await joined).toBe('early middle late');
    expect(server().requests).toHaveLength(1);
  });

  it("one caller's abort does not cancel the shared request for the other", async () => {
    server().enqueue(answer(['one', ' two', ' three', ' four'], { gapMs: 40 }));
    const llm = cachedLLM(server());
    const controller = new AbortController();
    const leaving = (async () => {
      for await (const _piece of llm.stream('q', { signal: controller.signal })) controller.abort();
    })();
    const staying = llm.generate('q');
    await expect(leaving).rejects.toBeInstanceOf(AbortError);
    expect(await staying).toBe('one two three four');
    expect(server().requests).toHaveLength(1);
    expect(server().closedEarly).toBe(0);
    // The shared answer completed normally, so it was stored.
    expect(await llm.generate('q')).toBe('one two three four');
    expect(server().requests).toHaveLength(1);
  });

  it('a generate leader leaving does not stop a joined caller either', async () => {
    // The answer starts only after a pause, so the leader is surely gone before any text.
    server().enqueue({ ...answer(['a', 'b', 'c'], { gapMs: 20 }), headerDelayMs: 300 });
    const llm = cachedLLM(server());
    const leader = new AbortController();
    const leaderCall = llm.generate('q', { signal: leader.signal });
    const joinedCall = collect(llm.stream('q'));
    await vi.waitFor(() => expect(server().requests).toHaveLength(1), { interval: 5 });
    leader.abort();
    await expect(leaderCall).rejects.toBeInstanceOf(AbortError);
    expect(await joinedCall).toBe('abc');
    expect(server().closedEarly).toBe(0);
  });

  it('cancels the shared request once every joined caller has gone, and stores nothing', async () => {
    server().enqueue(answer(['a', 'b', 'c', 'd'], { gapMs: 50 }), answer(['fresh']));
    const llm = cachedLLM(server());
    // Each caller aborts itself on its first piece; the request must end only after the second.
    const abortOnFirstPiece = async (): Promise<unknown> => {
      const controller = new AbortController();
      try {
        for await (const _piece of llm.stream('q', { signal: controller.signal })) {
          controller.abort();
        }
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const errors = await Promise.all([abortOnFirstPiece(), abortOnFirstPiece()]);
    for (const error of errors) expect(error).toBeInstanceOf(AbortError);
    await vi.waitFor(() => expect(server().closedEarly).toBe(1));
    expect(await llm.generate('q')).toBe('fresh');
    expect(server().requests).toHaveLength(2);
  });

  it('a failed shared call fails every joined caller, and the next call tries again', async () => {
    server().enqueue(openAIError(400, 'bad request'), answer(['ok']));
    const llm = cachedLLM(server());
    const results = await Promise.allSettled([llm.generate('q'), llm.generate('q')]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ProviderError);
    }
    expect(server().requests).toHaveLength(1);
    expect(await llm.generate('q')).toBe('ok');
  });

  it('different requests do not share a flight', async () => {
    server().always((request) => {
      const body = request.json as { messages: Array<{ content: string }> };
      return answer([`echo:${body.messages.at(-1)?.content ?? ''}`], { gapMs: 10 });
    });
    const llm = cachedLLM(server());
    expect(await Promise.all([llm.generate('a'), llm.generate('b')])).toEqual(['echo:a', 'echo:b']);
    expect(server().requests).toHaveLength(2);
  });
});

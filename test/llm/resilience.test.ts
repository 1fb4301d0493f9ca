import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  OpenAILLM,
  ProviderError,
  RateLimitError,
  StreamInterruptedError,
  TimeoutError,
  type FinishInfo,
  type LLMConfigOptions,
} from '../../src/index.js';
import {
  openAIAgainst,
  openAIChunks,
  openAIError,
  openAISse,
  openAIStream,
  SSE_HEADERS,
} from '../servers/openai-chat.js';
import { ReplayServer, type ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const USAGE = { prompt_tokens: 5, completion_tokens: 3 };

/** A stream that delivers `pieces` and then loses its connection before the end signal. */
function cutStream(pieces: string[]): ScriptedResponse {
  return {
    headers: SSE_HEADERS,
    body: openAISse(openAIChunks(pieces).slice(0, pieces.length + 1), { done: false }),
    cut: true,
  };
}

function overloaded(headers: Record<string, string> = {}): ScriptedResponse {
  return openAIError(503, 'The engine is currently overloaded', { type: 'server_error' }, headers);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

/** Consume a stream, keeping what arrived and the error that ended it. */
async function drain(
  stream: AsyncIterable<string>,
): Promise<{ received: string[]; error: unknown }> {
  const received: string[] = [];
  try {
    for await (const piece of stream) received.push(piece);
    return { received, error: undefined };
  } catch (error) {
    return { received, error };
  }
}

describe('retries, timeouts and abort against a replay server', () => {
  const server = useReplayServer();

  const llm = (options: Partial<LLMConfigOptions> = {}): OpenAILLM =>
    openAIAgainst(server(), options);

  describe('server-requested delays', () => {
    // retryDelay 5 makes any backoff step at least 3.75 s, so a quick success proves the header won.
    it('429 with retry-after-ms: 400, then success: succeeds after >= 0.4 s', async () => {
      server().enqueue(
        openAIError(429, 'Rate limit reached', { type: 'requests' }, { 'retry-after-ms': '400' }),
        openAIStream(['fine'], { usage: USAGE }),
      );
      const started = performance.now();
      expect(await llm({ maxRetries: 1, retryDelay: 5 }).generate('hi')).toBe('fine');
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(398); // timers may fire up to ~1 ms early
      expect(elapsed).toBeLessThan(3_000);
      expect(server().requests).toHaveLength(2);
    });

    it('429 with retry-after: 1, then success: succeeds after >= 1 s', async () => {
      server().enqueue(
        openAIError(429, 'Rate limit reached', { type: 'requests' }, { 'retry-after': '1' }),
        openAIStream(['fine'], { usage: USAGE }),
      );
      const started = performance.now();
      expect(await llm({ maxRetries: 1, retryDelay: 5 }).generate('hi')).toBe('fine');
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(998);
      expect(elapsed).toBeLessThan(3_500);
    });

    it('retry-after as an HTTP date waits until that date', async () => {
      // HTTP dates have whole seconds: 2.5 s ahead, truncated, is 1.5 to 2.5 s from now.
      const date = new Date(Date.now() + 2_500).toUTCString();
      server().enqueue(overloaded({ 'retry-after': date }), openAIStream(['fine']));
      const started = performance.now();
      expect(await llm({ maxRetries: 1, retryDelay: 20 }).generate('hi')).toBe('fine');
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(5_000);
    });

    it("Gemini's RetryInfo.retryDelay in the error body is honoured", async () => {
      server().enqueue(
        {
          status: 429,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            error: {
              code: 429,
              message: 'Resource has been exhausted (e.g. check quota).',
              status: 'RESOURCE_EXHAUSTED',
              details: [
                { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.3s' },
              ],
            },
          }),
        },
        openAIStream(['fine']),
      );
      const started = performance.now();
      expect(await llm({ maxRetries: 1, retryDelay: 5 }).generate('hi')).toBe('fine');
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(298);
      expect(elapsed).toBeLessThan(3_000);
    });

    it('a server delay over 60 s stops at once, with retryAfterMs on the error', async () => {
      server().enqueue(
        openAIError(429, 'Rate limit reached', { type: 'requests' }, { 'retry-after': '120' }),
      );
      const started = performance.now();
      const error = await failure(llm({ maxRetries: 3 }).generate('hi'));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(120_000);
      expect(server().requests).toHaveLength(1);
    });
  });

  describe('backoff and giving up', () => {
    it('three 503s then success, retryDelay 0.1, maxRetries 3: four requests, 0.5-0.7 s of waiting', async () => {
      server().enqueue(
        overloaded(),
        overloaded(),
        overloaded(),
        openAIStream(['ok'], { usage: USAGE }),
      );
      const finished: FinishInfo[] = [];
      const started = performance.now();
      const text = await llm({ maxRetries: 3, retryDelay: 0.1 }).generate('hi', {
        onFinish: (info) => finished.push(info),
      });
      const elapsed = performance.now() - started;
      expect(text).toBe('ok');
      expect(server().requests).toHaveLength(4);
      // 0.1 + 0.2 + 0.4 s, each minus up to 25 % jitter: 0.525 to 0.7 s, plus four local requests.
      expect(elapsed).toBeGreaterThanOrEqual(520);
      expect(elapsed).toBeLessThan(1_000);
      expect(finished[0]?.attempts).toBe(4);
    });

    it('500 forever with maxRetries 2: three requests, then the typed 500 with attempts.length === 3', async () => {
      server().always(openAIError(500, 'The server had an error', { type: 'server_error' }));
      const error = await failure(llm({ maxRetries: 2, retryDelay: 0.01 }).generate('hi'));
      expect(server().requests).toHaveLength(3);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).status).toBe(500);
      const attempts = (error as ProviderError).attempts;
      expect(attempts).toHaveLength(3);
      expect(attempts.at(-1)).toBe(error);
      for (const attempt of attempts) expect((attempt as ProviderError).status).toBe(500);
    });

    it('a 429 that outlasts the retries stays a RateLimitError', async () => {
      server().always(
        openAIError(429, 'Rate limit reached', { type: 'requests' }, { 'retry-after-ms': '10' }),
      );
      const error = await failure(llm({ maxRetries: 2 }).generate('hi'));
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).attempts).toHaveLength(3);
      expect(server().requests).toHaveLength(3);
    });

    it('401: one request, AuthenticationError, whatever maxRetries says', async () => {
      server().always(openAIError(401, 'Incorrect API key provided', { code: 'invalid_api_key' }));
      const error = await failure(llm({ maxRetries: 3, retryDelay: 0 }).generate('hi'));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(server().requests).toHaveLength(1);
    });

    it('insufficient_quota: one request, a RateLimitError that is not retryable', async () => {
      server().always(
        openAIError(429, 'You exceeded your current quota', {
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        }),
      );
      const error = await failure(llm({ maxRetries: 3, retryDelay: 0 }).generate('hi'));
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryable).toBe(false);
      expect(server().requests).toHaveLength(1);
    });

    for (const status of [400, 403, 404, 422]) {
      it(`HTTP ${status} is not retried`, async () => {
        server().always(openAIError(status, 'Rejected'));
        await failure(llm({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
        expect(server().requests).toHaveLength(1);
      });
    }

    for (const status of [408, 409, 502, 504, 529]) {
      it(`HTTP ${status} is retried`, async () => {
        server().enqueue(openAIError(status, 'Try again'), openAIStream(['ok']));
        expect(await llm({ maxRetries: 1, retryDelay: 0 }).generate('hi')).toBe('ok');
        expect(server().requests).toHaveLength(2);
      });
    }

    it('x-should-retry: true retries a status that is otherwise final', async () => {
      server().enqueue(
        openAIError(400, 'Transient', {}, { 'x-should-retry': 'true' }),
        openAIStream(['ok']),
      );
      expect(await llm({ maxRetries: 1, retryDelay: 0 }).generate('hi')).toBe('ok');
      expect(server().requests).toHaveLength(2);
    });

    it('x-should-retry: false stops a retryable status', async () => {
      server().always(overloaded({ 'x-should-retry': 'false' }));
      const error = await failure(llm({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
      expect((error as ProviderError).status).toBe(503);
      expect(server().requests).toHaveLength(1);
    });

    it('a refused connection is retried, then reported as a ConnectionError', async () => {
      const closed = await ReplayServer.start();
      const url = closed.url;
      await closed.close();
      const error = await failure(
        new OpenAILLM({
          model: 'gpt-4o',
          apiKey: 'k',
          baseUrl: `${url}/v1`,
          maxRetries: 2,
          retryDelay: 0,
        }).generate('hi'),
      );
      expect((error as Error).name).toBe('ConnectionError');
      expect((error as ProviderError).attempts).toHaveLength(3);
    });
  });

  describe('streams', () => {
    it('stream(): a cut after some text is not retried; StreamInterruptedError, text not repeated', async () => {
      server().enqueue(cutStream(['Half of ', 'it']), openAIStream(['never sent']));
      const { received, error } = await drain(llm({ maxRetries: 2, retryDelay: 0 }).stream('hi'));
      expect(received).toEqual(['Half of ', 'it']);
      expect(error).toBeInstanceOf(StreamInterruptedError);
      expect((error as StreamInterruptedError).partialText).toBe('Half of it');
      expect((error as StreamInterruptedError).cause).toBeInstanceOf(ProviderError);
      expect(server().requests).toHaveLength(1);
    });

    it('generate(): the same cut is retried from scratch; two requests, the full text once', async () => {
      server().enqueue(
        cutStream(['Half of ', 'it']),
        openAIStream(['Half of ', 'it, and the rest.']),
      );
      const finished: FinishInfo[] = [];
      const text = await llm({ maxRetries: 2, retryDelay: 0 }).generate('hi', {
        onFinish: (info) => finished.push(info),
      });
      expect(text).toBe('Half of it, and the rest.');
      expect(server().requests).toHaveLength(2);
      expect(finished[0]?.attempts).toBe(2);
    });

    it('generate(): an in-stream server error after some text is retried from scratch too', async () => {
      server().enqueue(
        {
          headers: SSE_HEADERS,
          body: [
            ...openAISse(openAIChunks(['Partial']).slice(0, 2), { done: false }),
            sseEvent(
              JSON.stringify({
                error: { message: 'The server had an error', type: 'server_error' },
              }),
            ),
          ],
        },
        openAIStream(['Whole answer.']),
      );
      expect(await llm({ maxRetries: 1, retryDelay: 0 }).generate('hi')).toBe('Whole answer.');
      expect(server().requests).toHaveLength(2);
    });

    it('stream(): a failure before the first text is retried transparently', async () => {
      server().enqueue(overloaded(), openAIStream(['one ', 'two']));
      const { received, error } = await drain(llm({ maxRetries: 1, retryDelay: 0 }).stream('hi'));
      expect(error).toBeUndefined();
      expect(received).toEqual(['one ', 'two']);
      expect(server().requests).toHaveLength(2);
    });

    it('stream(): a cut before any text (only the role chunk arrived) is retried', async () => {
      server().enqueue(cutStream([]), openAIStream(['complete']));
      const { received, error } = await drain(llm({ maxRetries: 1, retryDelay: 0 }).stream('hi'));
      expect(error).toBeUndefined();
      expect(received).toEqual(['complete']);
      expect(server().requests).toHaveLength(2);
    });

    it('stream(): without retries left, a failure before any text is the typed error itself', async () => {
      server().always(overloaded());
      const { received, error } = await drain(llm({ maxRetries: 1, retryDelay: 0 }).stream('hi'));
      expect(received).toEqual([]);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).attempts).toHaveLength(2);
    });
  });

  describe('abort and timeouts', () => {
    it('abort after the first chunk: AbortError within 1 s and the server sees the connection closed', async () => {
      server().enqueue({
        ...openAIStream(['one ', 'two ', 'three'], { usage: USAGE }),
        gapMs: 500,
      });
      const controller = new AbortController();
      const received: string[] = [];
      let abortedAt = 0;
      const error = await (async () => {
        for await (const piece of llm({ maxRetries: 3 }).stream('hi', {
          signal: controller.signal,
        })) {
          received.push(piece);
          abortedAt = performance.now();
          controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(performance.now() - abortedAt).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(AbortError);
      expect(received).toEqual(['one ']);
      await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
      expect(server().requests).toHaveLength(1);
    });

    it('abort while waiting for response headers cancels the request', async () => {
      server().enqueue({ ...openAIStream(['late']), headerDelayMs: 5_000 });
      const started = performance.now();
      const error = await failure(llm().generate('hi', { signal: AbortSignal.timeout(200) }));
      expect(error).toBeInstanceOf(AbortError);
      expect(performance.now() - started).toBeLessThan(1_200);
      await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
    });

    it('abort during a retry sleep ends the call at once, keeping the earlier attempts', async () => {
      server().always(overloaded({ 'retry-after': '10' }));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const started = performance.now();
      const error = await failure(
        llm({ maxRetries: 2 }).generate('hi', { signal: controller.signal }),
      );
      expect(performance.now() - started).toBeLessThan(1_200);
      expect(error).toBeInstanceOf(AbortError);
      const attempts = (error as AbortError).attempts;
      expect(attempts).toHaveLength(2);
      expect((attempts[0] as ProviderError).status).toBe(503);
      expect(attempts[1]).toBe(error);
      expect(server().requests).toHaveLength(1);
    });

    it('an already aborted signal sends no request', async () => {
      const error = await failure(
        llm({ maxRetries: 2 }).generate('hi', { signal: AbortSignal.abort() }),
      );
      expect(error).toBeInstanceOf(AbortError);
      expect(server().requests).toHaveLength(0);
    });

    it('timeout 0.4 against a silent server: TimeoutError within 3 s', async () => {
      server().always({ headerDelayMs: 10_000 });
      const started = performance.now();
      const error = await failure(llm({ timeout: 0.4 }).generate('hi'));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).timeoutMs).toBe(400);
      expect(performance.now() - started).toBeLessThan(3_000);
      // The timeout cancels the request itself: the server sees the connection go.
      await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
    });

    it('a timeout is retried like a connection error', async () => {
      server().enqueue({ headerDelayMs: 10_000 }, openAIStream(['second time lucky']));
      expect(await llm({ timeout: 0.4, maxRetries: 1, retryDelay: 0 }).generate('hi')).toBe(
        'second time lucky',
      );
      expect(server().requests).toHaveLength(2);
      await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createLLM,
  createRouter,
  NoModelAvailableError,
  ProviderError,
  RAG,
  RateLimitError,
  StreamInterruptedError,
  type FinishInfo,
  type LLMConfigOptions,
  type LLMEvent,
  type Router,
  type RouterOptions,
} from '../../src/index.js';
import { MemoryCooldowns } from '../../src/router/cooldown.js';
import {
  openAIChunks,
  openAIError,
  openAISse,
  openAIStream,
  SSE_HEADERS,
} from '../servers/openai-chat.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const USAGE = { prompt_tokens: 5, completion_tokens: 3 };
const serverError = (): ScriptedResponse =>
  openAIError(500, 'The server had an error', { type: 'server_error' });
const quotaExhausted = (): ScriptedResponse =>
  openAIError(429, 'You exceeded your current quota, please check your plan and billing details.', {
    type: 'insufficient_quota',
    code: 'insufficient_quota',
  });
const answer = (pieces: string[]): ScriptedResponse => openAIStream(pieces, { usage: USAGE });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('createRouter', () => {
  const first = useReplayServer();
  const second = useReplayServer();
  const third = useReplayServer();
  const routers: Router[] = [];
  afterEach(async () => {
    await Promise.all(routers.splice(0).map((router) => router.close()));
  });

  /** OpenAI, Groq and DeepSeek (all OpenAI-style wire) on the three replay servers. */
  const models = (): LLMConfigOptions[] => [
    { model: 'gpt-4o-mini', provider: 'openai', apiKey: 'sk-first', baseUrl: `${first().url}/v1` },
    {
      model: 'llama-3.3-70b-versatile',
      provider: 'groq',
      apiKey: 'gsk-second',
      baseUrl: `${second().url}/v1`,
    },
    {
      model: 'deepseek-chat',
      provider: 'deepseek',
      apiKey: 'sk-third',
      baseUrl: `${third().url}/v1`,
    },
  ];
  const router = (options: Partial<RouterOptions> = {}): Router => {
    const made = createRouter({ models: models(), ...options });
    routers.push(made);
    return made;
  };

  describe('falling back', () => {
    it('500, then 429 with an exhausted quota, then 200: the third answers and onFinish names it', async () => {
      first().enqueue(serverError());
      second().enqueue(quotaExhausted());
      third().enqueue(answer(['Hello ', 'from DeepSeek']));
      let finish: FinishInfo | undefined;
      const text = await router().generate('hi', { onFinish: (info) => (finish = info) });
      expect(text).toBe('Hello from DeepSeek');
      expect(finish).toMatchObject({ model: 'deepseek-chat', provider: 'deepseek', attempts: 1 });
      expect([first().requests, second().requests, third().requests].map((r) => r.length)).toEqual([
        1, 1, 1,
      ]);
    });

    it('stream(): the first two failures cost no duplicated text', async () => {
      first().enqueue(serverError());
      second().enqueue(quotaExhausted());
      third().enqueue(answer(['Hel', 'lo', '!']));
      expect(await collect(router().stream('hi'))).toEqual(['Hel', 'lo', '!']);
    });

    it('generateResponse() and streamEvents() name the model and provider that answered', async () => {
      first().enqueue(serverError(), serverError());
      second().enqueue(answer(['Groq here']), answer(['Groq again']));
      const made = router();
      const response = await made.generateResponse('hi');
      expect(response).toMatchObject({
        text: 'Groq here',
        model: 'llama-3.3-70b-versatile',
        provider: 'groq',
      });
      const events: LLMEvent[] = await collect(made.streamEvents('hi'));
      expect(events.at(-1)).toMatchObject({
        type: 'finish',
        model: 'llama-3.3-70b-versatile',
        provider: 'groq',
      });
      expect(third().requests).toHaveLength(0);
    });

    it('generateStructured() falls back too, and onFinish names the model that answered', async () => {
      first().enqueue(serverError());
      second().enqueue(answer(['{"city":', '"Paris"}']));
      const schema = {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      } as const;
      let finish: FinishInfo | undefined;
      const value = await router().generateStructured('Capital of France?', schema, {
        onFinish: (info) => (finish = info),
      });
      expect(value).toEqual({ city: 'Paris' });
      expect(finish).toMatchObject({ model: 'llama-3.3-70b-versatile', provider: 'groq' });
    });

    it('a stream cut after its first text is a StreamInterruptedError, not a fallback', async () => {
      first().enqueue({
        headers: SSE_HEADERS,
        body: openAISse(openAIChunks(['Half of ', 'it']).slice(0, 3), { done: false }),
        cut: true,
      });
      second().enqueue(answer(['never sent']));
      const pieces: string[] = [];
      const error = await failure(
        (async () => {
          for await (const piece of router().stream('hi')) pieces.push(piece);
        })(),
      );
      expect(error).toBeInstanceOf(StreamInterruptedError);
      expect(pieces).toEqual(['Half of ', 'it']);
      expect(second().requests).toHaveLength(0);
    });

    it('each model keeps its own retries first', async () => {
      first().enqueue(serverError(), answer(['second try']));
      const made = createRouter({
        models: [
          { ...(models()[0] as LLMConfigOptions), maxRetries: 1, retryDelay: 0 },
          models()[1] as LLMConfigOptions,
        ],
      });
      routers.push(made);
      expect(await made.generate('hi')).toBe('second try');
      expect(first().requests).toHaveLength(2);
      expect(second().requests).toHaveLength(0);
    });

    it("all fail: the last typed error, with every model's error in attempts", async () => {
      first().enqueue(serverError());
      second().enqueue(quotaExhausted());
      third().enqueue(
        openAIError(503, 'The engine is currently overloaded', { type: 'server_error' }),
      );
      const error = await failure(router().generate('hi'));
      expect(error).toBeInstanceOf(ProviderError);
      const attempts = (error as ProviderError).attempts as ProviderError[];
      expect(attempts.map((a) => [a.provider, a.status])).toEqual([
        ['openai', 500],
        ['groq', 429],
        ['deepseek', 503],
      ]);
      expect(attempts[1]).toBeInstanceOf(RateLimitError);
      expect(attempts.at(-1)).toBe(error);
    });

    it('an error fallbackOn rejects (a 400) is thrown at once, the next model never called', async () => {
      first().enqueue(openAIError(400, "Invalid value for 'temperature'"));
      const error = await failure(router().generate('hi'));
      expect((error as ProviderError).status).toBe(400);
      expect(second().requests).toHaveLength(0);
    });

    it('fallbackOn decides: here, only 500s fall back', async () => {
      first().enqueue(quotaExhausted());
      const error = await failure(
        router({ fallbackOn: (e) => e instanceof ProviderError && e.status === 500 }).generate(
          'hi',
        ),
      );
      expect(error).toBeInstanceOf(RateLimitError);
      expect(second().requests).toHaveLength(0);
    });

    it('a context-length error falls back to a model with a longer context', async () => {
      first().enqueue(
        openAIError(400, "This model's maximum context length is 128000 tokens.", {
          code: 'context_length_exceeded',
        }),
      );
      second().enqueue(answer(['long context']));
      expect(await router().generate('a very long prompt')).toBe('long context');
    });

    it('models may be ready LLMs; the router leaves them open on close', async () => {
      const ready = createLLM(models()[1] as LLMConfigOptions);
      second().enqueue(answer(['ready one']), answer(['still open']));
      const made = createRouter({ models: [ready] });
      expect(await made.generate('hi')).toBe('ready one');
      await made.close();
      expect(await ready.generate('hi')).toBe('still open');
      await ready.close();
      expect(made.tokensUsed).toEqual({ input: 10, output: 6 });
    });
  });

  describe('cooldowns', () => {
    it('a model that failed 3 times within a minute is skipped: no request reaches it', async () => {
      first().always(serverError());
      second().always(answer(['fine']));
      const made = router();
      for (let i = 0; i < 5; i++) expect(await made.generate('hi')).toBe('fine');
      // Three failures, then the cooldown: calls 4 and 5 went straight to the second.
      expect(first().requests).toHaveLength(3);
      expect(second().requests).toHaveLength(5);
    });

    it('it is tried again when the cooldown is over', async () => {
      first().always(serverError());
      second().always(answer(['fine']));
      const made = router({ cooldown: { failures: 1, seconds: 0.3 } });
      await made.generate('hi');
      await made.generate('hi');
      expect(first().requests).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 350));
      await made.generate('hi');
      expect(first().requests).toHaveLength(2);
    });

    it('every model cooling down: NoModelAvailableError, no request sent', async () => {
      first().always(serverError());
      const made = createRouter({
        models: [models()[0] as LLMConfigOptions],
        cooldown: { failures: 1 },
      });
      routers.push(made);
      await failure(made.generate('hi'));
      const error = await failure(made.generate('hi'));
      expect(error).toBeInstanceOf(NoModelAvailableError);
      expect((error as NoModelAvailableError).retryAfterMs).toBeGreaterThan(29_000);
      expect(first().requests).toHaveLength(1);
    });

    it('3 failures within 60 s start a 30 s cooldown; failures further apart do not', () => {
      let now = 0;
      const cooldowns = new MemoryCooldowns(
        { failures: 3, windowSeconds: 60, seconds: 30 },
        () => now,
      );
      for (const at of [0, 10_000, 20_000]) {
        now = at;
        cooldowns.recordFailure('m');
      }
      expect(cooldowns.remainingMs('m')).toBe(30_000);
      now = 49_999;
      expect(cooldowns.remainingMs('m')).toBe(1);
      now = 50_000;
      expect(cooldowns.remainingMs('m')).toBe(0);
      for (const at of [100_000, 140_000, 170_000]) {
        now = at;
        cooldowns.recordFailure('spread');
      }
      expect(cooldowns.remainingMs('spread')).toBe(0);
    });
  });

  describe('strategies', () => {
    it("'cheapest' tries the cheaper of two priced models first", async () => {
      second().always(answer(['cheap']));
      const made = router({
        strategy: 'cheapest',
        models: models().slice(0, 2),
        prices: {
          'gpt-4o-mini': { input: 2.5, output: 10 },
          'llama-3.3-70b-versatile': { input: 0.5, output: 0.8 },
        },
      });
      expect(await made.generate('hi')).toBe('cheap');
      expect(first().requests).toHaveLength(0);
    });

    it("'cheapest' with a model of no known price: ConfigError at construction", () => {
      expect(() =>
        createRouter({
          strategy: 'cheapest',
          models: [{ model: 'my-own-model', provider: 'openai', apiKey: 'sk' }],
        }),
      ).toThrow(ConfigError);
    });

    it("'round-robin' starts each call one model further", async () => {
      for (const server of [first(), second(), third()]) server.always(answer(['ok']));
      const made = router({ strategy: 'round-robin' });
      for (let i = 0; i < 6; i++) await made.generate('hi');
      expect([first(), second(), third()].map((s) => s.requests.length)).toEqual([2, 2, 2]);
    });

    it("'least-busy' sends a call to the model with the fewest in flight", async () => {
      first().always({ ...answer(['slow']), headerDelayMs: 300 });
      second().always(answer(['quick']));
      const made = router({ strategy: 'least-busy', models: models().slice(0, 2) });
      const slow = made.generate('hi');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await made.generate('hi')).toBe('quick');
      expect(await slow).toBe('slow');
    });
  });

  it('new RAG({ llm: router }) answers through the router', async () => {
    first().enqueue(serverError());
    second().always(answer(['Paris.']));
    const made = router();
    const rag = new RAG({ llm: made });
    await rag.add('Paris is the capital and largest city of France, on the river Seine.');
    expect(await rag.ask('What is the capital of France?')).toBe('Paris.');
    expect(JSON.stringify(second().lastRequest.json)).toContain('Paris is the capital');
    expect(rag.tracer.summary().byModel['llama-3.3-70b-versatile']).toBeDefined();
  });

  describe('configuration', () => {
    it('bad options are ConfigErrors naming the field', () => {
      const cases: Array<[unknown, string | undefined]> = [
        [{ models: [] }, 'models'],
        [{ models: models(), strategy: 'fastest' }, 'strategy'],
        [{ models: models(), cooldown: { failures: 0 } }, 'cooldown.failures'],
        [{ models: models(), retries: 2 }, 'retries'],
        [
          { models: [{ model: 'gpt-4o-mini', temperature: 9, apiKey: 'sk' }] },
          'models[0].temperature',
        ],
        [{ models: [42] }, 'models[0]'],
      ];
      for (const [options, field] of cases) {
        let error: unknown;
        try {
          createRouter(options as RouterOptions);
        } catch (caught) {
          error = caught;
        }
        expect(error, JSON.stringify(options)).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).field).toBe(field);
      }
    });

    it('a closed router refuses calls', async () => {
      const made = router();
      await made.close();
      await expect(made.generate('hi')).rejects.toThrow(ConfigError);
    });
  });
});

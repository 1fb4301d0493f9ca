import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConfigError,
  ProviderError,
  RateLimitError,
  StreamInterruptedError,
  type BaseLLM,
  type FinishInfo,
  type LLMConfigOptions,
  type Message,
} from '../src/index.js';
import type { RecordedRequest, ReplayServer, ScriptedResponse } from './servers/replay-server.js';
import { useReplayServer } from './servers/use-replay-server.js';

/** What the request of one call must show, checked by the provider's own `expectRequest`. */
export interface ExpectedRequest {
  model: string;
  apiKey: string;
  /** The conversation as the provider should receive it, system message first (if any). */
  messages: Message[];
  temperature: number;
  maxTokens: number;
}

/** A provider as the conformance suite drives it: how to build it, and its exact wire bytes. */
export interface ConformanceTarget {
  /** Shown in test names. */
  name: string;
  model: string;
  /** Build the LLM against the replay server (baseUrl = server.url unless the provider needs more). */
  create(server: ReplayServer, options: Partial<LLMConfigOptions>): BaseLLM;
  /** A complete streamed answer: each piece in its own write, then usage and the end signal. */
  success(pieces: string[], usage: { input: number; output: number }): ScriptedResponse;
  /** The same pieces, then the connection drops before the end signal. */
  cut(pieces: string[]): ScriptedResponse;
  /** The pieces, then the provider's in-stream error event carrying `message`. */
  inStreamError(pieces: string[], message: string): ScriptedResponse;
  /** An HTTP error in the provider's own error body shape. */
  httpError(status: number, message: string): ScriptedResponse;
  /** Assert the provider-specific shape of the request: path, auth header, body fields. */
  expectRequest(request: RecordedRequest, expected: ExpectedRequest): void;
}

const KEY = 'sk-conformance-secret-key-0123456789';

/** The suite every provider class runs. */
export function runConformance(target: ConformanceTarget): void {
  describe(`${target.name} conformance`, () => {
    const server = useReplayServer();
    const make = (options: Partial<LLMConfigOptions> = {}): BaseLLM =>
      target.create(server(), { apiKey: KEY, ...options });

    it('streams the text incrementally, one piece per provider delta', async () => {
      server().enqueue({
        ...target.success(['Hel', 'lo', ' wor', 'ld'], { input: 7, output: 4 }),
        gapMs: 5,
      });
      const received: string[] = [];
      for await (const piece of make().stream('Say hello')) received.push(piece);
      expect(received).toEqual(['Hel', 'lo', ' wor', 'ld']);
    });

    it('generate returns the joined text and tokensUsed equals the reported usage, accumulating', async () => {
      server().enqueue(target.success(['The answer', ' is 42.'], { input: 11, output: 5 }));
      server().enqueue(target.success(['Again.'], { input: 3, output: 2 }));
      const llm = make();
      expect(await llm.generate('Question?')).toBe('The answer is 42.');
      expect(llm.tokensUsed).toEqual({ input: 11, output: 5 });
      expect(await llm.generate('Again?')).toBe('Again.');
      expect(llm.tokensUsed).toEqual({ input: 14, output: 7 });
    });

    it("onFinish receives this call's usage and finish reason", async () => {
      server().enqueue(target.success(['ok'], { input: 9, output: 1 }));
      const finished: FinishInfo[] = [];
      await make().generate('hi', { onFinish: (info) => finished.push(info) });
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({
        usage: { input: 9, output: 1, reported: true },
        cached: false,
        attempts: 1,
      });
      expect(typeof finished[0]?.finishReason).toBe('string');
    });

    it('sends model, key, system prompt first, temperature and max tokens from the config', async () => {
      server().enqueue(target.success(['ok'], { input: 1, output: 1 }));
      await make({ systemPrompt: 'Be terse.', temperature: 0.7, maxTokens: 77 }).generate('Hi');
      target.expectRequest(server().lastRequest, {
        model: target.model,
        apiKey: KEY,
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'Hi' },
        ],
        temperature: 0.7,
        maxTokens: 77,
      });
    });

    it('per-call temperature and maxTokens override the config; message order is kept', async () => {
      server().enqueue(target.success(['ok'], { input: 1, output: 1 }));
      const conversation: Message[] = [
        { role: 'system', content: 'From the list.' },
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
        { role: 'user', content: 'Second question' },
      ];
      await make({ systemPrompt: 'Ignored: the list has its own.' }).generateWithMessages(
        conversation,
        {
          temperature: 0,
          maxTokens: 5,
        },
      );
      target.expectRequest(server().lastRequest, {
        model: target.model,
        apiKey: KEY,
        messages: conversation,
        temperature: 0,
        maxTokens: 5,
      });
    });

    it('parses the same answer split at random byte boundaries', async () => {
      const pieces = ['Grüße ', 'aus ', 'Köln — ', '日本語 ', 'и 🎉 emoji'];
      for (const seed of [1, 2, 3, 4, 5]) {
        server().enqueue({ ...target.success(pieces, { input: 5, output: 8 }), splitSeed: seed });
        const llm = make();
        expect(await llm.generate('split me')).toBe(pieces.join(''));
        expect(llm.tokensUsed).toEqual({ input: 5, output: 8 });
      }
    });

    it('429 rejects with RateLimitError carrying the status and the provider message', async () => {
      server().enqueue(target.httpError(429, 'Rate limit reached for requests'));
      const error = await make()
        .generate('hi')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).status).toBe(429);
      expect((error as RateLimitError).message).toContain('Rate limit reached for requests');
      expect(server().requests).toHaveLength(1);
    });

    it('401 rejects with AuthenticationError and never shows the API key', async () => {
      server().enqueue(target.httpError(401, `Incorrect API key provided: ${KEY}.`));
      const error = await make()
        .generate('hi')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toContain('Incorrect API key provided');
      expect((error as Error).message).not.toContain(KEY);
      expect(JSON.stringify(error)).not.toContain(KEY);
      expect(String((error as Error).stack)).not.toContain(KEY);
    });

    it('500 rejects with a ProviderError marked retryable', async () => {
      server().enqueue(target.httpError(500, 'The server had an error'));
      const error = await make()
        .generate('hi')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).status).toBe(500);
      expect((error as ProviderError).retryable).toBe(true);
    });

    it('an in-stream error throws after the partial text was yielded', async () => {
      server().enqueue(target.inStreamError(['Partial ', 'answer'], 'The model crashed midway'));
      const received: string[] = [];
      const error = await (async () => {
        for await (const piece of make().stream('hi')) received.push(piece);
      })().catch((e: unknown) => e);
      expect(received.join('')).toBe('Partial answer');
      expect(error).toBeInstanceOf(StreamInterruptedError);
      expect((error as StreamInterruptedError).partialText).toBe('Partial answer');
      expect((error as StreamInterruptedError).cause).toBeInstanceOf(ProviderError);
      expect(((error as StreamInterruptedError).cause as Error).message).toContain(
        'The model crashed midway',
      );
    });

    it('a cut stream throws after the partial text, never a short answer', async () => {
      server().enqueue(target.cut(['Half of ', 'it']));
      const received: string[] = [];
      const error = await (async () => {
        for await (const piece of make().stream('hi')) received.push(piece);
      })().catch((e: unknown) => e);
      expect(received.join('')).toBe('Half of it');
      expect(error).toBeInstanceOf(StreamInterruptedError);

      server().enqueue(target.cut(['Half of ', 'it']));
      await expect(make().generate('hi')).rejects.toBeInstanceOf(ProviderError);
    });

    it('abort after the first piece ends iteration with AbortError and closes the connection', async () => {
      server().enqueue({
        ...target.success(['one ', 'two ', 'three'], { input: 1, output: 3 }),
        gapMs: 300,
      });
      const controller = new AbortController();
      const received: string[] = [];
      const error = await (async () => {
        for await (const piece of make().stream('hi', { signal: controller.signal })) {
          received.push(piece);
          controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AbortError);
      expect(received).toEqual(['one ']);
      await expect.poll(() => server().closedEarly, { timeout: 2000 }).toBe(1);
    });

    describe('a redirect to another host', () => {
      // A second loopback server on another port stands for the other host.
      const otherHost = useReplayServer();

      it('is not followed: nothing reaches the other host, a typed error names its origin only', async () => {
        const target = `${otherHost().url}/v1/collect?token=leak-me`;
        server().always({ status: 307, headers: { location: target } });
        const error = await make({ maxRetries: 2, retryDelay: 0 })
          .generate('hi')
          .catch((e: unknown) => e);
        expect(otherHost().requests).toHaveLength(0);
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ status: 307, retryable: false });
        const message = (error as Error).message;
        expect(message).toContain(`redirect to ${otherHost().url}`);
        expect(message).not.toContain('leak-me');
        expect(message).not.toContain('/v1/collect');
        expect(message).not.toContain(KEY);
        expect(server().requests).toHaveLength(1);
      });
    });

    it('invalid messages fail before any request', async () => {
      const llm = make();
      expect(() => llm.streamWithMessages('hi' as unknown as Message[])).toThrow(ConfigError);
      expect(() =>
        llm.streamWithMessages([{ role: 'robot', content: 'x' } as unknown as Message]),
      ).toThrow(/role/);
      await expect(
        llm.generateWithMessages([{ role: 'user', content: 42 } as unknown as Message]),
      ).rejects.toThrow(/content must be a string/);
      expect(server().requests).toHaveLength(0);
    });
  });
}

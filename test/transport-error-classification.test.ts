import { describe, expect, it } from 'vitest';
import {
  AnthropicLLM,
  AuthenticationError,
  OpenAILLM,
  ProviderError,
  RateLimitError,
  TogetherLLM,
  type BaseLLM,
  type LLMConfigOptions,
} from '../src/index.js';
import { anthropicEvents, anthropicSse } from './servers/anthropic.js';
import { openAIError, openAIStream } from './servers/openai-chat.js';
import type { ScriptedResponse } from './servers/replay-server.js';
import { sseEvent } from './servers/sse.js';
import { rejectionOfType } from './servers/capture.js';
import { useReplayServer } from './servers/use-replay-server.js';

const failure = (promise: Promise<unknown>): Promise<ProviderError> =>
  rejectionOfType(promise, ProviderError);

/** Together's 429 body (public reports quote it at 60 and 600 queries per minute). */
function togetherRateLimited(headers: Record<string, string> = {}): ScriptedResponse {
  return openAIError(
    429,
    'You have been rate limited. Your rate limit is 600 queries per minute. Please navigate to ' +
      'https://api.together.xyz/settings/billing to upgrade to a paid plan.',
    { type: 'credit_limit' },
    headers,
  );
}

describe('error bodies are read for what they say', () => {
  const server = useReplayServer();

  /** An LLM of `Class` against the replay server (`path` is the base URL's path there). */
  const against =
    <T extends BaseLLM>(Class: new (config: LLMConfigOptions) => T, model: string, path = '') =>
    (options: Partial<LLMConfigOptions> = {}): T =>
      new Class({ model, apiKey: 'sk-test-key', baseUrl: `${server().url}${path}`, ...options });
  const openai = against(OpenAILLM, 'gpt-4o-mini', '/v1');
  const together = against(TogetherLLM, 'meta-llama/Llama-3.3-70B-Instruct-Turbo', '/v1');
  const anthropic = against(AnthropicLLM, 'claude-sonnet-4-5');

  describe('a 200 with a JSON body on a streaming request', () => {
    const jsonError = (error: object): ScriptedResponse => ({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error }),
    });

    it("is the provider's error, classified like an HTTP error, not an early end", async () => {
      server().always(jsonError({ message: 'model overloaded, try later', type: 'server_error' }));
      const error = await failure(openai().generate('hi'));
      expect(error.message).toContain('model overloaded, try later');
      expect(error.message).toContain('instead of a stream');
      expect(error).toMatchObject({ status: undefined, code: 'server_error', retryable: true });
    });

    it('is retried when it says so, and the retry can succeed', async () => {
      server().enqueue(
        jsonError({ message: 'model overloaded, try later', type: 'server_error' }),
        openAIStream(['fine']),
      );
      expect(await openai({ maxRetries: 1, retryDelay: 0 }).generate('hi')).toBe('fine');
      expect(server().requests).toHaveLength(2);
    });

    it('a status in the body (OpenRouter, Gemini shape) is the status', async () => {
      server().always(jsonError({ code: 401, message: 'No auth credentials found' }));
      const error = await failure(openai({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.status).toBe(401);
      expect(server().requests).toHaveLength(1);
    });

    it('JSON that is not an error (a server that ignored stream: true) is said plainly, not retried', async () => {
      server().always({
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ id: 'x', choices: [{ message: { content: 'hi' } }] }),
      });
      const error = await failure(openai({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
      expect(error.message).toContain('JSON instead of a stream');
      expect(error.retryable).toBe(false);
      expect(server().requests).toHaveLength(1);
    });
  });

  describe("Together's 429 credit_limit", () => {
    it('a per-minute limit with x-ratelimit-reset: 1, maxRetries 1: retried, then success', async () => {
      server().enqueue(togetherRateLimited({ 'x-ratelimit-reset': '1' }), openAIStream(['ok']));
      expect(await together({ maxRetries: 1, retryDelay: 0.01 }).generate('hi')).toBe('ok');
      expect(server().requests).toHaveLength(2);
    });

    it('a per-minute limit is a retryable RateLimitError even as the last attempt', async () => {
      server().always(togetherRateLimited());
      const error = await failure(together().generate('hi'));
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('Slow down');
    });

    it('exhausted credit stays final: one request, not retryable', async () => {
      server().always(
        openAIError(
          429,
          'Credit limit exceeded. Please navigate to https://api.together.xyz/settings/billing to add credit.',
          { type: 'credit_limit' },
          { 'x-ratelimit-reset': '1' },
        ),
      );
      const error = await failure(together({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.retryable).toBe(false);
      expect(server().requests).toHaveLength(1);
    });

    it('a quota code with no words either way: the rate-limit headers decide', async () => {
      const body = (headers: Record<string, string>): ScriptedResponse =>
        openAIError(429, 'Too many requests', { type: 'credit_limit' }, headers);
      server().enqueue(body({ 'x-ratelimit-remaining': '0' }), openAIStream(['ok']));
      expect(await together({ maxRetries: 1, retryDelay: 0 }).generate('hi')).toBe('ok');

      server().reset();
      server().enqueue(body({ 'retry-after': '0' }), openAIStream(['ok']));
      expect(await together({ maxRetries: 1, retryDelay: 0 }).generate('hi')).toBe('ok');

      server().reset();
      server().always(body({ 'x-ratelimit-remaining': '57' }));
      const error = await failure(together({ maxRetries: 1, retryDelay: 0 }).generate('hi'));
      expect(error.retryable).toBe(false);
      expect(server().requests).toHaveLength(1);
    });

    it("OpenAI's insufficient_quota with its usual rate-limit headers stays final", async () => {
      server().always(
        openAIError(
          429,
          'You exceeded your current quota, please check your plan and billing details.',
          { type: 'insufficient_quota', code: 'insufficient_quota' },
          { 'x-ratelimit-remaining-requests': '4999', 'x-ratelimit-reset-requests': '12ms' },
        ),
      );
      const error = await failure(openai({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
      expect(error.retryable).toBe(false);
      expect(server().requests).toHaveLength(1);
    });
  });

  describe('Anthropic-format errors whose `message` holds the error object', () => {
    const routerError = JSON.stringify({
      type: 'error',
      message: { type: 'not_found_error', message: 'model: claude-nonexistent not found' },
    });

    it('as an event: the nested message is read, and model-not-found is not retried', async () => {
      server().always({
        headers: { 'content-type': 'text/event-stream' },
        body: [...anthropicSse(anthropicEvents([]).slice(0, 1)), sseEvent(routerError)],
      });
      const error = await failure(anthropic({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
      expect(error.message).toContain('model: claude-nonexistent not found');
      expect(error).toMatchObject({ code: 'not_found_error', retryable: false });
      expect(server().requests).toHaveLength(1);
    });

    it('as an HTTP error body: the nested message is read', async () => {
      server().always({
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: routerError,
      });
      const error = await failure(anthropic().generate('hi'));
      expect(error.providerMessage).toBe('model: claude-nonexistent not found');
      expect(error.code).toBe('not_found_error');
    });
  });

  describe('messages say only what was sent', () => {
    it('an in-stream error without a status claims none, yet is classified by its type', async () => {
      const overloaded = sseEvent(
        JSON.stringify({
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
        }),
        { event: 'error' },
      );
      server().always({
        headers: { 'content-type': 'text/event-stream' },
        body: [...anthropicSse(anthropicEvents([]).slice(0, 1)), overloaded],
      });
      const error = await failure(anthropic({ maxRetries: 1, retryDelay: 0 }).generate('hi'));
      // Retried, as an overloaded_error is (Anthropic answers 529 for it over HTTP).
      expect(server().requests).toHaveLength(2);
      expect(error).toMatchObject({ status: undefined, code: 'overloaded_error', retryable: true });
      expect(error.message).not.toMatch(/HTTP \d/);
      expect(error.message).toContain(
        'anthropic sent an error inside the stream (overloaded_error): Overloaded. This is usually temporary',
      );
    });

    it('an in-stream invalid_request_error is not "HTTP 400" and has no status', async () => {
      server().always({
        headers: { 'content-type': 'text/event-stream' },
        body: [
          sseEvent(
            JSON.stringify({ error: { message: 'Bad field', type: 'invalid_request_error' } }),
          ),
        ],
      });
      const error = await failure(openai({ maxRetries: 2, retryDelay: 0 }).generate('hi'));
      expect(error.status).toBeUndefined();
      expect(error.message).not.toContain('HTTP 400');
      expect(error.retryable).toBe(false);
      expect(server().requests).toHaveLength(1);
    });

    it('a provider message ending in a period gets no second one', async () => {
      server().always(
        openAIError(
          401,
          'Incorrect API key provided: sk-te**st. You can find your API key at https://platform.openai.com/account/api-keys.',
          { code: 'invalid_api_key' },
        ),
      );
      const error = await failure(openai().generate('hi'));
      expect(error.message).toContain('/api-keys. Check the credentials');
      expect(error.message).not.toMatch(/[.!?]\. /);
    });

    for (const [status, ending] of [
      [503, 'Service unavailable!'],
      [404, 'Model not found?'],
      [400, 'Bad request.'],
    ] as const) {
      it(`HTTP ${status}: "${ending}" keeps its own punctuation`, async () => {
        server().always(openAIError(status, ending));
        const error = await failure(openai().generate('hi'));
        expect(error.message).toContain(`${ending} `);
        expect(error.message).not.toMatch(/[.!?]\. /);
      });
    }
  });
});

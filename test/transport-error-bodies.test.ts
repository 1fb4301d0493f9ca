import { describe, expect, it } from 'vitest';
import { AbortError, ProviderError, TimeoutError, type OpenAILLM } from '../src/index.js';
import { openAIAgainst, openAIError, openAIStream } from './servers/openai-chat.js';
import { useReplayServer } from './servers/use-replay-server.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

// The 1 GiB gzip bomb as an error body is in transport-bombs.test.ts (it needs its own process).
describe('error bodies are read under the timeout, up to a cap, and abortably', () => {
  const server = useReplayServer();

  const llm = (timeout = 5): OpenAILLM => openAIAgainst(server(), { timeout });

  it('a 503 whose body starts and never ends, timeout 0.5: a typed error within 2 s', async () => {
    server().enqueue({
      status: 503,
      headers: JSON_HEADERS,
      body: '{"error":{"message":"The engine is',
      hang: true,
    });
    const started = performance.now();
    const error = await llm(0.5)
      .generate('hi')
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2_000);
    // The status says what happened; the stalled body is the cause, not the verdict.
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect((error as Error).message).toContain('The engine is');
    expect((error as Error).cause).toBeInstanceOf(TimeoutError);
    await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
  });

  it('a stalled error body keeps its status classification: a 400 is still not retried', async () => {
    server().always({ status: 400, headers: JSON_HEADERS, body: '{"error":', hang: true });
    const error = await openAIAgainst(server(), { timeout: 0.5, maxRetries: 2, retryDelay: 0 })
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(server().requests).toHaveLength(1);
  });

  it('aborting while the error body is read is an AbortError, not the HTTP error', async () => {
    server().enqueue({
      status: 503,
      headers: JSON_HEADERS,
      body: '{"error":{"message":"partial',
      hang: true,
    });
    const error = await llm()
      .generate('hi', { signal: AbortSignal.timeout(150) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
  });

  it('an error body larger than the cap is cut: the message shows its start, the rest is not read', async () => {
    const huge = `Upstream failure: ${'x'.repeat(4 * 1024 * 1024)}`;
    server().enqueue({ status: 502, headers: { 'content-type': 'text/plain' }, body: huge });
    const error = await llm()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502 });
    expect((error as ProviderError).providerMessage).toMatch(/^Upstream failure: x+$/);
    expect((error as ProviderError).providerMessage?.length).toBeLessThanOrEqual(500);
  });

  it('an ordinary error body is read whole, as before', async () => {
    server().enqueue(
      openAIError(503, 'The engine is currently overloaded', { type: 'server_error' }),
      openAIStream(['ok']),
    );
    const error = await llm()
      .generate('hi')
      .catch((e: unknown) => e);
    expect((error as ProviderError).providerMessage).toBe('The engine is currently overloaded');
  });
});

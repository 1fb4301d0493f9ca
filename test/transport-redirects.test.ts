import { describe, expect, it } from 'vitest';
import { OpenAILLM, ProviderError } from '../src/index.js';
import { useReplayServer } from './servers/use-replay-server.js';

const KEY = 'sk-redirect-test-key-0123456789';

describe('redirects are never followed', () => {
  const server = useReplayServer();
  // A second loopback server on another port stands for another host.
  const otherHost = useReplayServer();

  const llm = (): OpenAILLM =>
    new OpenAILLM({
      model: 'gpt-4o-mini',
      apiKey: KEY,
      baseUrl: `${server().url}/v1`,
      maxRetries: 2,
      retryDelay: 0,
    });

  async function failure(): Promise<ProviderError> {
    const error = await llm()
      .generate('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }

  for (const status of [301, 302, 303, 307, 308]) {
    it(`HTTP ${status} to another origin: one request, not retried, the origin named`, async () => {
      server().always({
        status,
        headers: { location: `${otherHost().url}/v1/chat/completions?api_key=${KEY}` },
        body: 'Moved',
      });
      const error = await failure();
      expect(otherHost().requests).toHaveLength(0);
      expect(server().requests).toHaveLength(1);
      expect(error).toMatchObject({ status, retryable: false, provider: 'openai' });
      expect(error.message).toContain(`HTTP ${status}, a redirect to ${otherHost().url}.`);
      expect(error.message).toContain('set baseUrl');
      expect(error.message).not.toContain(KEY);
      expect(error.message).not.toContain('chat/completions');
    });
  }

  it('a relative Location stays on the same server, and says so (still not followed)', async () => {
    server().always({ status: 308, headers: { location: '/v2/chat/completions' } });
    const error = await failure();
    expect(server().requests).toHaveLength(1);
    expect(error.message).toContain(
      `a redirect to ${server().url} (another path on the same server)`,
    );
  });

  it('a userinfo part in the Location is never shown', async () => {
    const { port } = new URL(otherHost().url);
    server().always({
      status: 302,
      headers: { location: `http://user:hunter2@127.0.0.1:${port}/x` },
    });
    const error = await failure();
    expect(error.message).toContain(`a redirect to http://127.0.0.1:${port}.`);
    expect(error.message).not.toContain('hunter2');
  });

  it('a 3xx without a Location is a typed error too', async () => {
    server().always({ status: 300, body: 'Multiple choices' });
    const error = await failure();
    expect(error).toMatchObject({ status: 300, retryable: false });
    expect(error.message).toContain('a redirect without a Location');
  });
});

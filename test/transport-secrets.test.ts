import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BedrockLLM, OpenAILLM, ProviderError, SynapseKitError } from '../src/index.js';
import { HttpClient } from '../src/transport/http.js';
import { openAIChunks, openAISse, SSE_HEADERS } from './servers/openai-chat.js';
import { sseEvent } from './servers/sse.js';
import { rejectionOfType } from './servers/capture.js';
import { useReplayServer } from './servers/use-replay-server.js';

const KEY = 'sk-secret-0123456789abcdefghijklmnopqrstuvwxyz';

/** Every printed or serialised form of an error, its causes included. */
function everyForm(error: unknown): string {
  return [String(error), inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
}

/** Neither the secret nor a 10-character piece of it from either end. */
function expectNoSecret(text: string, secret: string): void {
  expect(text).not.toContain(secret);
  expect(text).not.toContain(secret.slice(0, 10));
  expect(text).not.toContain(secret.slice(-10));
}

const failure = (promise: Promise<unknown>): Promise<SynapseKitError> =>
  rejectionOfType(promise, SynapseKitError);

describe('secrets never reach an error', () => {
  const server = useReplayServer();

  const llm = (maxRetries = 0): OpenAILLM =>
    new OpenAILLM({
      model: 'gpt-4o-mini',
      apiKey: KEY,
      baseUrl: `${server().url}/v1`,
      maxRetries,
      retryDelay: 0,
    });

  it('a header value fetch refuses (a key with a newline) is scrubbed from the error and its cause, and not retried', async () => {
    const key = `${KEY}\nx`;
    const http = new HttpClient({
      provider: 'openai',
      secrets: [key],
      fetch: globalThis.fetch,
      timeoutMs: 5_000,
      headers: {},
    });
    const error = await failure(
      http.post(`${server().url}/v1/chat/completions`, {
        headers: { authorization: `Bearer ${key}` },
        body: '{}',
      }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('[redacted]');
    expect(error.message).toContain('Could not send the request');
    expectNoSecret(everyForm(error), KEY);
    expect(server().requests).toHaveLength(0);
  });

  it('a credential that breaks signing (a session token with a newline) is scrubbed too', async () => {
    const sessionToken = `session-${KEY}\nx`;
    const bedrock = new BedrockLLM(
      { model: 'amazon.nova-micro-v1:0', baseUrl: server().url },
      {
        region: 'us-east-1',
        credentialProvider: async () => ({
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'secret-access-key-0123456789',
          sessionToken,
        }),
      },
    );
    const error = await failure(bedrock.generate('hi'));
    expectNoSecret(everyForm(error), sessionToken.slice(0, -2));
    expect(server().requests).toHaveLength(0);
  });

  it('a key echoed in the error code and type is scrubbed from every field', async () => {
    server().always({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { message: 'Bad key', code: KEY, type: KEY } }),
    });
    const error = (await failure(llm().generate('hi'))) as ProviderError;
    expect(error.code).toBe('[redacted]');
    expectNoSecret(everyForm(error), KEY);
  });

  it('a key straddling the truncation point of a non-JSON error body does not survive in part', async () => {
    server().always({
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: `${'x'.repeat(480)} ${KEY} and more`,
    });
    const error = (await failure(llm().generate('hi'))) as ProviderError;
    expect(error.providerMessage).toContain('xxx [redacted]');
    expectNoSecret(everyForm(error), KEY);
  });

  it('a key in a stream chunk that is not JSON is scrubbed, also where the snippet is cut', async () => {
    for (const padding of [0, 100]) {
      server().reset();
      const [role] = openAISse(openAIChunks([]));
      server().always({
        headers: SSE_HEADERS,
        body: [role ?? '', sseEvent(`${'y'.repeat(padding)}${KEY} is not JSON`)],
      });
      const error = await failure(llm().generate('hi'));
      expect(error.message).toContain('not valid JSON');
      expectNoSecret(everyForm(error), KEY);
    }
  });
});

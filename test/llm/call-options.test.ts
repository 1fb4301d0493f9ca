import { describe, expect, it } from 'vitest';
import { ConfigError, OpenAILLM, type ProviderName } from '../../src/index.js';
import { configErrorOf, rejectionOf } from '../servers/capture.js';
import { EVERY_PROVIDER } from '../servers/every-provider.js';
import { openAIStream } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';

/** The body fields each protocol builds itself, besides `stream` (every provider's). */
const OWNED_BY_PROTOCOL: Partial<Record<ProviderName, string[]>> = {
  gemini: ['contents'], // model and streaming are in the URL
  bedrock: ['messages'], // likewise
};
const ownedBy = (provider: ProviderName): string[] => [
  'stream',
  ...(OWNED_BY_PROTOCOL[provider] ?? ['model', 'messages']),
];

describe('extraBody cannot replace the fields the library sets', () => {
  const server = useReplayServer();

  describe.each(Object.entries(EVERY_PROVIDER))('%s', (provider, create) => {
    it.each(ownedBy(provider as ProviderName))(
      'extraBody.%s is a ConfigError before any request',
      async (field) => {
        const llm = create({ model: 'm', apiKey: 'k', baseUrl: server().url });
        const extraBody = { [field]: field === 'stream' ? false : 'overridden' };
        const error = await rejectionOf(llm.generate('hi', { extraBody, maxTokens: 5 }));
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).field).toBe(`extraBody.${field}`);
        expect((error as Error).message).toContain('Remove it from extraBody');
        expect(() => llm.stream('hi', { extraBody })).toThrow(ConfigError);
        expect(server().requests).toHaveLength(0);
      },
    );
  });

  it('the stream message says why, and other fields are still sent as given', async () => {
    const llm = new OpenAILLM({ model: 'gpt-4o-mini', apiKey: 'k', baseUrl: server().url });
    const error = await rejectionOf(llm.generate('hi', { extraBody: { stream: false } }));
    expect((error as Error).message).toMatch(/every call streams/);
    server().enqueue(openAIStream(['ok']));
    await llm.generate('hi', { extraBody: { seed: 7, stream_options: { include_usage: false } } });
    expect(server().lastRequest.json).toMatchObject({
      seed: 7,
      stream: true,
      stream_options: { include_usage: false },
    });
  });
});

describe('the per-call cache option', () => {
  it.each([['false'], [0], [null], [1]])('cache: %j is a ConfigError naming cache', (cache) => {
    const llm = new OpenAILLM({ model: 'm', apiKey: 'k', cache: true });
    const options = { cache } as unknown as { cache: boolean };
    const error = configErrorOf(() => llm.stream('hi', options));
    expect(error.field).toBe('cache');
    expect(error.message).toContain('cache must be true or false');
  });
});

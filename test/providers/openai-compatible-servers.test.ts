import { afterEach, describe, expect, it } from 'vitest';
import { AzureOpenAILLM, OpenAILLM } from '../../src/index.js';
import { openAIStream } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';

/**
 * OpenAILLM pointed at an OpenAI-compatible server that is not OpenAI (vLLM, llama.cpp, Ollama,
 * LM Studio, transformers serve): those read `max_tokens`, and some ignore
 * `max_completion_tokens`, which would leave the answer unbounded.
 */
describe('OpenAILLM against OpenAI-compatible servers', () => {
  const server = useReplayServer();
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const bodyOf = async (llm: OpenAILLM | AzureOpenAILLM): Promise<unknown> => {
    server().enqueue(openAIStream(['ok'], { usageIn: 'separate-chunk' }));
    await llm.generate('hi', { maxTokens: 16 });
    return server().lastRequest.json;
  };

  it('a custom baseUrl serving a non-OpenAI model gets max_tokens, and only that', async () => {
    const model = 'HuggingFaceTB/SmolLM2-135M-Instruct';
    const llm = new OpenAILLM({ model, apiKey: '', baseUrl: `${server().url}/v1` });
    expect(await bodyOf(llm)).toEqual({
      model,
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 16,
    });
  });

  it('OPENAI_BASE_URL is a custom base URL too', async () => {
    process.env.OPENAI_BASE_URL = `${server().url}/v1`;
    const body = await bodyOf(new OpenAILLM({ model: 'qwen2.5:7b', apiKey: '' }));
    expect(server().lastRequest.url).toBe('/v1/chat/completions');
    expect(body).toMatchObject({ model: 'qwen2.5:7b', max_tokens: 16 });
    expect(body).not.toHaveProperty('max_completion_tokens');
  });

  it.each(['gpt-4o-mini', 'o3-mini', 'ft:gpt-4o-mini-2024-07-18:org::abc', 'openai/gpt-5'])(
    'OpenAI model %s behind a custom baseUrl (a proxy) keeps max_completion_tokens',
    async (model) => {
      const body = await bodyOf(new OpenAILLM({ model, apiKey: 'k', baseUrl: server().url }));
      expect(body).toMatchObject({ max_completion_tokens: 16 });
      expect(body).not.toHaveProperty('max_tokens');
    },
  );

  it('the default host keeps max_completion_tokens whatever the model', async () => {
    // A custom fetch stands in for the network: the URL stays https://api.openai.com/v1.
    delete process.env.OPENAI_BASE_URL;
    let sent: unknown;
    const llm = new OpenAILLM({
      model: 'my-model',
      apiKey: 'k',
      fetch: async (url, init) => {
        expect(String(url)).toBe('https://api.openai.com/v1/chat/completions');
        sent = JSON.parse(String(init?.body));
        return fetch(`${server().url}/v1/chat/completions`, init);
      },
    });
    server().enqueue(openAIStream(['ok'], { usageIn: 'separate-chunk' }));
    await llm.generate('hi', { maxTokens: 16 });
    expect(sent).toMatchObject({ max_completion_tokens: 16 });
    expect(sent).not.toHaveProperty('max_tokens');
  });

  it('Azure deployments are OpenAI models whatever their name: max_completion_tokens', async () => {
    const llm = new AzureOpenAILLM({ model: 'my-deployment', apiKey: 'k', baseUrl: server().url });
    const body = await bodyOf(llm);
    expect(body).toMatchObject({ max_completion_tokens: 16 });
    expect(body).not.toHaveProperty('max_tokens');
  });
});

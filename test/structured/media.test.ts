import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OllamaLLM, type Message } from '../../src/index.js';
import { ollamaStream } from '../servers/ollama.js';
import { useReplayServer } from '../servers/use-replay-server.js';

/** A PNG's signature and the start of its IHDR chunk: what sniffing reads. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00,
]);
const IMAGE_URL = 'https://images.example.com/cat.png';
const schema = z.object({ animal: z.string() });

/** Structured calls take image parts like any call: a URL the provider cannot take is fetched. */
describe('structured output with an image URL the provider downloads', () => {
  const server = useReplayServer();
  const fetched: string[] = [];
  const serving: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url !== IMAGE_URL) return globalThis.fetch(input, init);
    fetched.push(url);
    return Promise.resolve(new Response(PNG, { headers: { 'content-type': 'image/png' } }));
  };
  const ask: Message[] = [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Which animal?' },
        { type: 'image', image: IMAGE_URL },
      ],
    },
  ];
  const ollama = () => new OllamaLLM({ model: 'llava', baseUrl: server().url, fetch: serving });

  it('generateStructured sends the image as bytes, fetched once across a repair round', async () => {
    fetched.length = 0;
    server().enqueue(ollamaStream(['{"animal":']));
    server().enqueue(ollamaStream(['{"animal":"cat"}']));
    expect(await ollama().generateStructured(ask, schema)).toEqual({ animal: 'cat' });
    expect(fetched).toEqual([IMAGE_URL]);
    expect(server().requests).toHaveLength(2);
    for (const request of server().requests) {
      const messages = (request.json as { messages: Array<{ images?: string[] }> }).messages;
      expect(messages.find((message) => message.images)?.images).toEqual([
        Buffer.from(PNG).toString('base64'),
      ]);
    }
  });

  it('streamStructured sends the image as bytes', async () => {
    fetched.length = 0;
    server().enqueue(ollamaStream(['{"animal":"c', 'at"}']));
    const partials: unknown[] = [];
    for await (const partial of ollama().streamStructured(ask, schema)) partials.push(partial);
    expect(partials.at(-1)).toEqual({ animal: 'cat' });
    expect(fetched).toEqual([IMAGE_URL]);
  });
});

import { describe, expect, it } from 'vitest';
import { OpenAILLM } from '../src/index.js';
import { openAIChunks, openAISse } from './servers/openai-chat.js';

/**
 * A `fetch` (the public `fetch` option) answering with a body we control, recording the signal the
 * client passed and whether the body was cancelled: how an exchange ended, seen from outside.
 */
function scriptedFetch(events: string[], options: { endsBody: boolean }) {
  const seen: { signal: AbortSignal | undefined; cancelled: boolean } = {
    signal: undefined,
    cancelled: false,
  };
  const fetchImpl: typeof fetch = async (_url, init) => {
    seen.signal = init?.signal ?? undefined;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of events) controller.enqueue(encoder.encode(event));
        if (options.endsBody) controller.close();
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetchImpl, seen };
}

const llm = (fetchImpl: typeof fetch): OpenAILLM =>
  new OpenAILLM({
    model: 'gpt-4o',
    apiKey: 'k',
    baseUrl: 'http://127.0.0.1:9/v1',
    fetch: fetchImpl,
  });

describe('how an exchange ends', () => {
  it('a body read to its end is left alone: no abort, no cancel', async () => {
    const { fetchImpl, seen } = scriptedFetch(openAISse(openAIChunks(['Hello', ' world'])), {
      endsBody: true,
    });
    expect(await llm(fetchImpl).generate('hi')).toBe('Hello world');
    expect(seen.signal?.aborted).toBe(false);
    expect(seen.cancelled).toBe(false);
  });

  it('an end signal whose body end has not arrived yet does not wait for it: the body is cancelled', async () => {
    const { fetchImpl, seen } = scriptedFetch(openAISse(openAIChunks(['Hello'])), {
      endsBody: false,
    });
    expect(await llm(fetchImpl).generate('hi')).toBe('Hello');
    expect(seen.cancelled).toBe(true);
    expect(seen.signal?.aborted).toBe(true);
  });

  it('a consumer that stops early cancels the body and aborts the request', async () => {
    const { fetchImpl, seen } = scriptedFetch(
      openAISse(openAIChunks(['one', 'two', 'three']), { done: false }),
      { endsBody: false },
    );
    const received: string[] = [];
    for await (const piece of llm(fetchImpl).stream('hi')) {
      received.push(piece);
      break;
    }
    expect(received).toEqual(['one']);
    expect(seen.cancelled).toBe(true);
    expect(seen.signal?.aborted).toBe(true);
  });
});

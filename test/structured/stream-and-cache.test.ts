import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AnthropicLLM,
  StructuredOutputError,
  type FinishInfo,
  type JsonSchema,
} from '../../src/index.js';
import { anthropicToolStream } from '../servers/anthropic-tools.js';
import { openAIAgainst, openAIStream } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { bigDocument, expectGrowingSnapshots, smallPieces } from './growth.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

/** A plain JSON Schema that accepts the big document (validated by the JSON Schema validator). */
const documentSchema: JsonSchema = {
  type: 'object',
  properties: { title: { type: 'string' }, items: { type: 'array' } },
  required: ['title', 'items'],
};

describe('streamStructured', () => {
  const server = useReplayServer();

  it('a 2 KB object streamed in 1-7 character deltas (and random byte splits): growing snapshots, the last the object', async () => {
    const document = bigDocument();
    const text = JSON.stringify(document);
    for (const seed of [1, 2]) {
      server().enqueue({ ...openAIStream(smallPieces(text, seed)), splitSeed: seed });
      const finishes: FinishInfo[] = [];
      const partials = await collect(
        openAIAgainst(server()).streamStructured('Describe everything', documentSchema, {
          onFinish: (info) => finishes.push(info),
        }),
      );
      expect(partials.length).toBeGreaterThan(100);
      expectGrowingSnapshots(partials, document);
      expect(finishes).toEqual([expect.objectContaining({ structuredMode: 'native' })]);
    }
  });

  it('tool mode streams the forced tool argument deltas', async () => {
    const document = {
      city: 'Oslo',
      days: [
        { high: 3, low: -4 },
        { high: 5, low: -1 },
      ],
    };
    server().enqueue(
      anthropicToolStream([
        {
          type: 'tool_use',
          id: 'toolu_s',
          name: 'json',
          inputPieces: smallPieces(JSON.stringify(document), 3),
        },
      ]),
    );
    const llm = new AnthropicLLM({
      model: 'claude-3-5-haiku-latest',
      apiKey: 'k',
      baseUrl: server().url,
    });
    const schema = z.object({
      city: z.string(),
      days: z.array(z.object({ high: z.number(), low: z.number() })),
    });
    const partials = await collect(llm.streamStructured('Forecast', schema));
    expect(partials.length).toBeGreaterThan(5);
    expectGrowingSnapshots(partials, document);
  });

  it('the validated value comes last when the schema transforms it', async () => {
    server().enqueue(openAIStream(['{"city": "os', 'lo"}']));
    const schema = z.object({ city: z.string().transform((city) => city.toUpperCase()) });
    const partials = await collect(openAIAgainst(server()).streamStructured('City?', schema));
    // One snapshot per delta that changed the value, then the transformed, validated value.
    expect(partials).toEqual([{ city: 'os' }, { city: 'oslo' }, { city: 'OSLO' }]);
  });

  it('a repair round streams its answer afresh; a bad last answer ends the stream with StructuredOutputError', async () => {
    server().enqueue(openAIStream(['{"city": 1}']), openAIStream(['{"city": "Oslo"}']));
    const schema = z.object({ city: z.string() });
    const partials = await collect(openAIAgainst(server()).streamStructured('City?', schema));
    expect(partials).toEqual([{ city: 1 }, { city: 'Oslo' }]);
    expect(server().requests).toHaveLength(2);

    server().always(openAIStream(['{"city": 1}']));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const partial of openAIAgainst(server()).streamStructured('City?', schema, {
        repairAttempts: 0,
      })) {
        seen.push(partial);
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(seen).toEqual([{ city: 1 }]);
  });

  it('a caller that stops reading ends the request', async () => {
    server().enqueue({ ...openAIStream(smallPieces(JSON.stringify(bigDocument()), 9)), gapMs: 2 });
    for await (const partial of openAIAgainst(server()).streamStructured('x', documentSchema)) {
      if (Object.keys(partial as object).length > 1) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server().closedEarly).toBe(1);
  });
});

describe('structured output and the response cache', () => {
  const server = useReplayServer();

  it('the schema and mode are part of the key; a hit returns the same object', async () => {
    server().always(openAIStream(['{"city": "Oslo", "celsius": -3}']));
    const llm = openAIAgainst(server(), { cache: true });
    const schema = z.object({ city: z.string(), celsius: z.number() });
    const finishes: FinishInfo[] = [];
    const first = await llm.generateStructured('Weather?', schema);
    const again = await llm.generateStructured('Weather?', schema, {
      onFinish: (info) => finishes.push(info),
    });
    expect(again).toEqual(first);
    expect(server().requests).toHaveLength(1);
    expect(finishes[0]).toMatchObject({ cached: true, attempts: 0, structuredMode: 'native' });

    // A stream of the same call replays the stored answer.
    expect((await collect(llm.streamStructured('Weather?', schema))).at(-1)).toEqual(first);
    expect(server().requests).toHaveLength(1);

    await llm.generateStructured('Weather?', schema.extend({ wind: z.number().optional() }));
    expect(server().requests).toHaveLength(2);
    await llm.generateStructured('Weather?', schema, { mode: 'json' });
    expect(server().requests).toHaveLength(3);
    await llm.generateStructured('Weather?', schema, { name: 'weather' });
    expect(server().requests).toHaveLength(4);
    // A plain call with the same prompt is another request, with its own entry.
    await llm.generate('Weather?');
    expect(server().requests).toHaveLength(5);
    expect(llm.cacheStats).toMatchObject({ hits: 2, misses: 5 });
    await llm.close();
  });
});

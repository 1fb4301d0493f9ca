import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as v from 'valibot';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import {
  ConfigError,
  DeepSeekLLM,
  OllamaLLM,
  PerplexityLLM,
  StructuredOutputError,
  type FinishInfo,
  type JsonSchema,
  type StructuredOptions,
} from '../../src/index.js';
import {
  openAIAgainst,
  openAISse,
  openAIStream,
  openAIToolCallChunks,
  SSE_HEADERS,
} from '../servers/openai-chat.js';
import { rejectionOfType } from '../servers/capture.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

type ChatMessage = { role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string };
const messagesOf = (request: RecordedRequest): ChatMessage[] =>
  (request.json as { messages: ChatMessage[] }).messages;

const weather = z.object({ city: z.string(), celsius: z.number() });
const usage = { prompt_tokens: 10, completion_tokens: 4 };
const answer = (text: string) => openAIStream([text], { usage });

describe('generateStructured: parse, validate, repair', () => {
  const server = useReplayServer();

  it('invalid JSON, then a schema violation, then a valid answer: three requests, each repair carrying the problem', async () => {
    server().enqueue(
      answer('{"city": "Oslo", "celsius": '),
      answer('{"city": "Oslo", "celsius": "cold"}'),
      answer('{"city": "Oslo", "celsius": -3}'),
    );
    const finishes: FinishInfo[] = [];
    const llm = openAIAgainst(server());
    const result = await llm.generateStructured('Weather in Oslo?', weather, {
      onFinish: (info) => finishes.push(info),
    });
    expect(result).toEqual({ city: 'Oslo', celsius: -3 });
    expect(server().requests).toHaveLength(3);

    const second = messagesOf(server().requests[1] as RecordedRequest);
    expect(second.slice(-2, -1)).toEqual([
      { role: 'assistant', content: '{"city": "Oslo", "celsius": ' },
    ]);
    expect(second.at(-1)?.role).toBe('user');
    expect(String(second.at(-1)?.content)).toMatch(/not valid JSON/);

    const third = messagesOf(server().requests[2] as RecordedRequest);
    expect(third).toHaveLength(second.length + 2);
    expect(third.at(-2)).toEqual({
      role: 'assistant',
      content: '{"city": "Oslo", "celsius": "cold"}',
    });
    expect(String(third.at(-1)?.content)).toMatch(/celsius: .*number/i);

    expect(finishes).toEqual([
      expect.objectContaining({
        structuredMode: 'native',
        attempts: 3,
        steps: 3,
        cached: false,
        usage: { input: 30, output: 12, reported: true },
      }),
    ]);
    expect(llm.tokensUsed).toEqual({ input: 30, output: 12 });
  });

  it('always invalid: StructuredOutputError after repairAttempts + 1 requests, with the text, the issues and every try', async () => {
    server().always(answer('{"city": 42}'));
    for (const repairAttempts of [undefined, 0, 1]) {
      server().reset();
      server().always(answer('{"city": 42}'));
      const error = await openAIAgainst(server())
        .generateStructured(
          'Weather?',
          weather,
          repairAttempts === undefined ? {} : { repairAttempts },
        )
        .catch((caught: unknown) => caught);
      const tries = (repairAttempts ?? 2) + 1;
      expect(error).toBeInstanceOf(StructuredOutputError);
      const structured = error as StructuredOutputError;
      expect(server().requests).toHaveLength(tries);
      expect(structured.text).toBe('{"city": 42}');
      expect(structured.issues.map((issue) => issue.path)).toEqual([['city'], ['celsius']]);
      expect(structured.message).toContain(`after ${tries} ${tries === 1 ? 'try' : 'tries'}`);
      expect(structured.attempts).toHaveLength(tries);
      expect(structured.attempts.every((attempt) => attempt instanceof StructuredOutputError)).toBe(
        true,
      );
      expect(structured.attempts.at(-1)).toBe(structured);
    }
  });

  it('a plain JSON Schema: a wrong type in the answer is caught by the JSON Schema validator', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { city: { type: 'string' }, celsius: { type: 'number' } },
      required: ['city', 'celsius'],
    };
    server().enqueue(answer('{"city": "Oslo", "celsius": "minus three"}'));
    const error = await rejectionOfType(
      openAIAgainst(server()).generateStructured('Weather?', schema, { repairAttempts: 0 }),
      StructuredOutputError,
    );
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error.issues).toEqual([
      { message: expect.stringMatching(/type/) as unknown, path: ['celsius'] },
    ]);

    server().enqueue(answer('{"city": "Oslo", "celsius": -3}'));
    const value = await openAIAgainst(server()).generateStructured<{
      city: string;
      celsius: number;
    }>('Weather?', schema);
    expect(value.celsius).toBe(-3);
  });

  it('a valibot schema (Standard JSON Schema) validates and types the result', async () => {
    const schema = toStandardJsonSchema(v.object({ city: v.string(), celsius: v.number() }));
    server().enqueue(answer('{"city": "Oslo", "celsius": -3}'));
    const value = await openAIAgainst(server()).generateStructured('Weather?', schema);
    const celsius: number = value.celsius;
    expect(celsius).toBe(-3);
    const format = (
      server().lastRequest.json as { response_format: { json_schema: { schema: JsonSchema } } }
    ).response_format;
    expect(format.json_schema.schema).toMatchObject({ properties: { city: { type: 'string' } } });
  });

  it('tool mode: a bad input goes back as an error result for that call', async () => {
    const call = (id: string, input: Record<string, unknown>) => ({
      headers: SSE_HEADERS,
      body: openAISse(openAIToolCallChunks([{ id, name: 'json', input }], { style: 'fragments' })),
    });
    server().enqueue(
      call('call_bad', { city: 'Oslo' }),
      call('call_good', { city: 'Oslo', celsius: -3 }),
    );
    const result = await openAIAgainst(server()).generateStructured('Weather?', weather, {
      mode: 'tool',
    });
    expect(result).toEqual({ city: 'Oslo', celsius: -3 });
    const second = messagesOf(server().requests[1] as RecordedRequest);
    expect(second.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_bad' }] });
    expect(second.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_bad' });
    expect(String(second.at(-1)?.content)).toMatch(/celsius/);
  });

  it('an answer cut off at the output-token limit fails at once: a repair with the same limit cannot help', async () => {
    server().always(openAIStream(['{"city": "Os'], { finishReason: 'length' }));
    const error = await rejectionOfType(
      openAIAgainst(server()).generateStructured('Weather?', weather),
      StructuredOutputError,
    );
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error.message).toMatch(/output-token limit.*Raise maxTokens/);
    expect(server().requests).toHaveLength(1);
  });

  it('tools called instead of an answer (no loop to run them) fail at once, saying how to let them run', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(
        openAIToolCallChunks([{ id: 'call_w', name: 'lookup', input: { city: 'Oslo' } }], {
          style: 'fragments',
        }),
      ),
    });
    const error = await rejectionOfType(
      openAIAgainst(server()).generateStructured('Weather?', weather, {
        tools: { lookup: { inputSchema: { type: 'object', properties: {} } } },
      }),
      StructuredOutputError,
    );
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error.message).toMatch(/called lookup instead of answering.*maxSteps > 1/);
    expect(server().requests).toHaveLength(1);
  });

  it('a schema whose root is not an object travels wrapped as { value } and comes back unwrapped', async () => {
    server().enqueue(answer('{"value": ["Oslo", "Bergen"]}'));
    const cities = await openAIAgainst(server()).generateStructured(
      'Two cities',
      z.array(z.string()),
    );
    expect(cities).toEqual(['Oslo', 'Bergen']);
    const format = (
      server().lastRequest.json as { response_format: { json_schema: Record<string, unknown> } }
    ).response_format.json_schema;
    expect(format.schema).toEqual({
      type: 'object',
      properties: { value: { type: 'array', items: { type: 'string' } } },
      required: ['value'],
      additionalProperties: false,
    });
    expect(format.strict).toBe(true);
  });

  it('strict is off, with the schema as given, when it has optional properties or keywords outside the strict subset', async () => {
    const cases: Array<[z.ZodType, boolean]> = [
      [z.object({ a: z.string() }), true],
      [z.object({ a: z.string().optional() }), false],
      [z.object({ a: z.string().min(2) }), false],
      [z.object({ a: z.record(z.string(), z.number()) }), false],
    ];
    for (const [schema, strict] of cases) {
      server().enqueue(answer('{"a": "xy"}'));
      await openAIAgainst(server())
        .generateStructured('x', schema, { repairAttempts: 0 })
        .catch(() => undefined);
      const sent = (
        server().lastRequest.json as { response_format: { json_schema: { strict: boolean } } }
      ).response_format.json_schema;
      expect(sent.strict).toBe(strict);
    }
  });
});

describe('structured options are checked before any request', () => {
  const server = useReplayServer();

  it('bad options, a mode the provider cannot run, or a bad schema are ConfigErrors naming the field', async () => {
    const openai = openAIAgainst(server());
    const cases: Array<[() => Promise<unknown>, string, RegExp]> = [
      // @ts-expect-error: not a mode
      [() => openai.generateStructured('x', weather, { mode: 'xml' }), 'mode', /'auto', 'native'/],
      [() => openai.generateStructured('x', weather, { name: 'my output' }), 'name', /letters/],
      [
        () => openai.generateStructured('x', weather, { repairAttempts: -1 }),
        'repairAttempts',
        />= 0/,
      ],
      [
        () => openai.generateStructured('x', weather, { mode: 'tool', toolChoice: 'auto' }),
        'toolChoice',
        /output tool must be called/,
      ],
      [
        () =>
          openai.generateStructured('x', weather, {
            mode: 'tool',
            tools: { json: { inputSchema: { type: 'object' } } },
          }),
        'name',
        /another name/,
      ],
      [
        () => openai.generateStructured('x', null as unknown as JsonSchema),
        'schema',
        /JSON Schema object or a Standard Schema/,
      ],
      [
        () =>
          new DeepSeekLLM({
            model: 'deepseek-chat',
            apiKey: 'k',
            baseUrl: server().url,
          }).generateStructured('x', weather, { mode: 'native' }),
        'mode',
        /deepseek cannot produce structured output in mode 'native'.*JSON mode only.*picks 'json'/,
      ],
      [
        () =>
          new PerplexityLLM({
            model: 'sonar',
            apiKey: 'k',
            baseUrl: server().url,
          }).generateStructured('x', weather, { mode: 'tool' }),
        'mode',
        /no tool calling/,
      ],
      [
        () =>
          new OllamaLLM({ model: 'llama3.2', baseUrl: server().url }).generateStructured(
            'x',
            weather,
            {
              mode: 'tool',
            },
          ),
        'mode',
        /cannot force a tool call/,
      ],
      [
        () => openai.generateStructured('x', weather, { schemaName: 'w' } as StructuredOptions),
        'schemaName',
        /Unknown call option/,
      ],
    ];
    for (const [call, field, message] of cases) {
      const error = (await call().catch((caught: unknown) => caught)) as ConfigError;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    }
    expect(() =>
      openai.streamStructured('x', weather, { mode: 'native', repairAttempts: 1.5 }),
    ).toThrow(ConfigError);
    expect(server().requests).toHaveLength(0);
  });
});

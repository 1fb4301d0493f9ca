import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AnthropicLLM,
  CerebrasLLM,
  DeepSeekLLM,
  GeminiLLM,
  OpenAILLM,
  type FinishInfo,
} from '../../src/index.js';
import { ANTHROPIC_SSE_HEADERS, anthropicStream, jsonPieces } from '../servers/anthropic.js';
import { anthropicToolStream, type MessagesBody } from '../servers/anthropic-tools.js';
import {
  geminiSse,
  geminiStream,
  geminiToolCallChunks,
  GEMINI_SSE_HEADERS,
} from '../servers/gemini.js';
import {
  openAISse,
  openAIStream,
  openAIToolCallChunks,
  SSE_HEADERS,
} from '../servers/openai-chat.js';
import {
  RECORDINGS_DIR,
  recordedLines,
  recordedStreams,
  type RecordingEntry,
} from '../servers/recordings.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { sseEvent, typedSseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Body = Record<string, unknown>;
const bodyOf = (request: RecordedRequest): Body => request.json as Body;
const schema = z.object({ city: z.string(), celsius: z.number() });
const ANSWER = { city: 'Oslo', celsius: -3 };
const PROPERTIES = { city: { type: 'string' }, celsius: { type: 'number' } };

/** The system text a request carried, in the provider's own place for it. */
function systemText(request: RecordedRequest): string {
  const body = bodyOf(request);
  if (typeof body.system === 'string') return body.system;
  const instruction = body.systemInstruction as { parts?: Array<{ text: string }> } | undefined;
  if (instruction) return (instruction.parts ?? []).map((part) => part.text).join('');
  const messages = body.messages as Array<{ role: string; content: string }>;
  return messages.find((message) => message.role === 'system')?.content ?? '';
}

describe('explicit modes send the shapes those modes mean', () => {
  const server = useReplayServer();

  it('OpenAI tool mode: one function tool, forced by name; no response_format', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(
        openAIToolCallChunks([{ id: 'call_1', name: 'report', input: ANSWER }], {
          style: 'fragments',
        }),
      ),
    });
    const finishes: FinishInfo[] = [];
    const llm = new OpenAILLM({ model: 'gpt-4o-mini', apiKey: 'k', baseUrl: server().url });
    const result = await llm.generateStructured('Weather in Oslo?', schema, {
      mode: 'tool',
      name: 'report',
      description: 'A weather report',
      onFinish: (info) => finishes.push(info),
    });
    expect(result).toEqual(ANSWER);
    const body = bodyOf(server().lastRequest);
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'report',
          description: 'A weather report',
          parameters: { type: 'object', properties: PROPERTIES, required: ['city', 'celsius'] },
        },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'report' } });
    expect(body).not.toHaveProperty('response_format');
    // The forced call is the answer: never executed, finished as stop.
    expect(finishes[0]).toMatchObject({
      structuredMode: 'tool',
      finishReason: 'stop',
      providerFinishReason: 'tool_calls',
    });
  });

  it('OpenAI json mode: json_object and the schema in the system message', async () => {
    server().enqueue(openAIStream(['Here it is:\n```json\n', JSON.stringify(ANSWER), '\n```']));
    const llm = new OpenAILLM({ model: 'gpt-4o-mini', apiKey: 'k', baseUrl: server().url });
    const result = await llm.generateStructured('Weather in Oslo?', schema, { mode: 'json' });
    // In json mode a code fence and leading prose are stripped.
    expect(result).toEqual(ANSWER);
    const body = bodyOf(server().lastRequest);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body).not.toHaveProperty('tools');
    const messages = body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content).toMatch(
      /^You are a helpful assistant\.\n\nAnswer with a JSON object/,
    );
    expect(systemText(server().lastRequest)).toContain(JSON.stringify(PROPERTIES));
  });

  it('OpenAI native mode: a fence around the JSON is not stripped (constrained output must be JSON)', async () => {
    server().enqueue(openAIStream(['```json\n', JSON.stringify(ANSWER), '\n```']));
    const llm = new OpenAILLM({ model: 'gpt-4o-mini', apiKey: 'k', baseUrl: server().url });
    const error = await llm
      .generateStructured('Weather?', schema, { mode: 'native', repairAttempts: 0 })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('StructuredOutputError');
    expect((error as { issues: Array<{ message: string }> }).issues[0]?.message).toMatch(
      /not valid JSON/,
    );
  });

  it('Anthropic tool mode: the input_schema tool forced by name; json mode: instructions only', async () => {
    const llm = new AnthropicLLM({
      model: 'claude-sonnet-4-5',
      apiKey: 'k',
      baseUrl: server().url,
    });
    server().enqueue(
      anthropicToolStream([
        { type: 'tool_use', id: 'toolu_1', name: 'json', inputPieces: jsonPieces(ANSWER) },
      ]),
    );
    expect(await llm.generateStructured('Oslo?', schema, { mode: 'tool' })).toEqual(ANSWER);
    let body = bodyOf(server().lastRequest) as MessagesBody & Body;
    expect(body.tools).toEqual([
      {
        name: 'json',
        description: expect.stringMatching(/JSON object/) as unknown,
        input_schema: { type: 'object', properties: PROPERTIES, required: ['city', 'celsius'] },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(body).not.toHaveProperty('output_config');

    server().enqueue(anthropicStream([JSON.stringify(ANSWER)]));
    expect(await llm.generateStructured('Oslo?', schema, { mode: 'json' })).toEqual(ANSWER);
    body = bodyOf(server().lastRequest) as MessagesBody & Body;
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('output_config');
    expect(body.system).toContain('Answer with a JSON object');
    expect(body.system).toContain(JSON.stringify(PROPERTIES));
  });

  it('Gemini tool mode: ANY limited to the output function; json mode: the mime type without a schema', async () => {
    const llm = new GeminiLLM({ model: 'gemini-2.5-flash', apiKey: 'k', baseUrl: server().url });
    server().enqueue({
      headers: GEMINI_SSE_HEADERS,
      body: geminiSse(geminiToolCallChunks([{ id: 'g1', name: 'json', input: ANSWER }], {})),
    });
    expect(await llm.generateStructured('Oslo?', schema, { mode: 'tool' })).toEqual(ANSWER);
    let body = bodyOf(server().lastRequest);
    expect(body.tools).toMatchObject([
      {
        functionDeclarations: [{ name: 'json', parametersJsonSchema: { properties: PROPERTIES } }],
      },
    ]);
    expect(body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['json'] },
    });
    expect(body.generationConfig).not.toHaveProperty('responseMimeType');

    server().enqueue(geminiStream([JSON.stringify(ANSWER)]));
    expect(await llm.generateStructured('Oslo?', schema, { mode: 'json' })).toEqual(ANSWER);
    body = bodyOf(server().lastRequest);
    expect(body.generationConfig).toMatchObject({ responseMimeType: 'application/json' });
    expect(body.generationConfig).not.toHaveProperty('responseJsonSchema');
    expect(body).not.toHaveProperty('tools');
    expect(systemText(server().lastRequest)).toContain(JSON.stringify(PROPERTIES));
  });
});

function entryOf(provider: string, file: string): RecordingEntry {
  const entry = recordedStreams(provider).find((candidate) => candidate.file.endsWith(file));
  if (entry === undefined) throw new Error(`the manifest lists ${file}`);
  return entry;
}

describe('recorded structured-output streams give the objects they hold', () => {
  const server = useReplayServer();

  it('anthropic-json-tool.1: the forced json tool input is the answer, split at random offsets', async () => {
    const entry = entryOf('anthropic', 'anthropic-json-tool.1.chunks.txt');
    const expected = entry.expected_tool_calls?.[0]?.arguments;
    const elements = z.object({
      elements: z.array(
        z.object({ location: z.string(), temperature: z.number(), condition: z.string() }),
      ),
    });
    for (const seed of [1, 2, 3]) {
      server().enqueue({
        headers: ANTHROPIC_SSE_HEADERS,
        body: recordedLines(entry).map(typedSseEvent),
        splitSeed: seed,
      });
      const llm = new AnthropicLLM({
        model: entry.model ?? '',
        apiKey: 'k',
        baseUrl: server().url,
      });
      const finishes: FinishInfo[] = [];
      const result = await llm.generateStructured('Weather?', elements, {
        mode: 'tool',
        onFinish: (info) => finishes.push(info),
      });
      expect(result).toEqual(expected);
      expect(finishes[0]).toMatchObject({ finishReason: 'stop', providerFinishReason: 'tool_use' });
      expect(bodyOf(server().lastRequest).tool_choice).toEqual({ type: 'tool', name: 'json' });
    }
  });

  it('anthropic-json-output-format.1: the text block is the JSON; streamStructured grows to it', async () => {
    const entry = entryOf('anthropic', 'anthropic-json-output-format.1.chunks.txt');
    const expected: unknown = JSON.parse(entry.expected_text);
    const characters = z.object({
      characters: z.array(
        z.object({ name: z.string(), class: z.string(), description: z.string() }),
      ),
    });
    const response = {
      headers: ANTHROPIC_SSE_HEADERS,
      body: recordedLines(entry).map(typedSseEvent),
    };
    const llm = new AnthropicLLM({ model: entry.model ?? '', apiKey: 'k', baseUrl: server().url });
    server().enqueue({ ...response, splitSeed: 7 });
    expect(await llm.generateStructured('Three characters', characters)).toEqual(expected);
    expect(bodyOf(server().lastRequest).output_config).toMatchObject({
      format: { type: 'json_schema' },
    });
    server().enqueue({ ...response, splitSeed: 8 });
    const partials: unknown[] = [];
    for await (const partial of llm.streamStructured('Three characters', characters)) {
      partials.push(partial);
    }
    expect(partials.length).toBeGreaterThan(20);
    expect(partials.at(-1)).toEqual(expected);
  });

  it('deepseek-json: the recorded JSON body, streamed, gives its object in json mode', async () => {
    const recorded = JSON.parse(
      readFileSync(join(RECORDINGS_DIR, 'deepseek/deepseek-json.json'), 'utf8'),
    ) as {
      model: string;
      choices: Array<{
        message: { content: string; reasoning_content: string };
        finish_reason: string;
      }>;
      usage: Record<string, unknown>;
    };
    const message = recorded.choices[0]?.message;
    if (message === undefined) throw new Error('the recording has a message');
    // The body as its stream would have carried it: reasoning, the content in pieces, usage.
    const chunk = (delta: object, finish: string | null = null): string =>
      sseEvent(
        JSON.stringify({
          id: 'ds',
          object: 'chat.completion.chunk',
          model: recorded.model,
          choices: [{ index: 0, delta, finish_reason: finish }],
        }),
      );
    const content = message.content;
    server().enqueue({
      headers: SSE_HEADERS,
      body: [
        chunk({ role: 'assistant', content: null, reasoning_content: message.reasoning_content }),
        ...[0, 9, 30, 55].map((start, index, starts) =>
          chunk({ content: content.slice(start, starts[index + 1]) }),
        ),
        chunk({}, 'stop'),
        sseEvent(JSON.stringify({ id: 'ds', choices: [], usage: recorded.usage })),
        sseEvent('[DONE]'),
      ],
      splitSeed: 3,
    });
    const weather = z.object({
      location: z.string(),
      condition: z.string(),
      temperature: z.number(),
    });
    const llm = new DeepSeekLLM({ model: recorded.model, apiKey: 'k', baseUrl: server().url });
    const finishes: FinishInfo[] = [];
    const result = await llm.generateStructured('Weather?', weather, {
      onFinish: (info) => finishes.push(info),
    });
    expect(result).toEqual(JSON.parse(content));
    expect(finishes[0]).toMatchObject({
      structuredMode: 'json',
      usage: { input: 495, output: 144 },
    });
    expect(bodyOf(server().lastRequest).response_format).toEqual({ type: 'json_object' });
  });

  it('cerebras-structured-output-tools.1: a tool step, then the JSON beside a repeated call (the answer)', async () => {
    const [entry] = recordedStreams('cerebras');
    if (entry === undefined) throw new Error('the manifest lists the Cerebras recording');
    const lines = recordedLines(entry);
    const firstId = (JSON.parse(lines[0] as string) as { id: string }).id;
    const split = lines.findIndex((line) => (JSON.parse(line) as { id: string }).id !== firstId);
    for (const part of [lines.slice(0, split), lines.slice(split)]) {
      server().enqueue({
        headers: SSE_HEADERS,
        body: [...part.map((line) => sseEvent(line)), sseEvent('[DONE]')],
        splitSeed: 11,
      });
    }
    const runs: unknown[] = [];
    const llm = new CerebrasLLM({ model: entry.model ?? '', apiKey: 'k', baseUrl: server().url });
    const finishes: FinishInfo[] = [];
    const result = await llm.generateStructured(
      'What is the magic number?',
      z.object({ result: z.string() }),
      {
        tools: {
          nonUsefulTool: {
            description: 'A non-useful tool that returns a magic number',
            inputSchema: { type: 'object', properties: {} },
            execute: (input) => {
              runs.push(input);
              return 2026;
            },
          },
        },
        maxSteps: 5,
        onFinish: (info) => finishes.push(info),
      },
    );
    expect(result).toEqual(JSON.parse(entry.expected_text));
    // The repeated call beside the answer is not run: one execution, two requests.
    expect(runs).toEqual([{}]);
    expect(server().requests).toHaveLength(2);
    const first = bodyOf(server().requests[0] as RecordedRequest);
    expect(first.response_format).toMatchObject({ type: 'json_schema' });
    expect(first.tools).toMatchObject([{ function: { name: 'nonUsefulTool' } }]);
    const history = bodyOf(server().lastRequest).messages as Array<{ role: string }>;
    expect(history.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(finishes[0]).toMatchObject({ steps: 2, structuredMode: 'native', finishReason: 'stop' });
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  AnthropicLLM,
  CohereLLM,
  MistralLLM,
  type BaseLLM,
  type FinishInfo,
  type LLMConfigOptions,
  type StructuredMode,
} from '../../src/index.js';
import type { ToolConformanceTarget } from '../conformance-tools.js';
import { anthropicToolTarget } from '../servers/anthropic-tools.js';
import { bedrockToolTarget, converseBody } from '../servers/bedrock-tools.js';
import { cohereToolTarget } from '../servers/cohere-tools.js';
import { geminiToolTarget } from '../servers/gemini-tools.js';
import { openAIStream } from '../servers/openai-chat.js';
import { chatToolTarget } from '../servers/openai-chat-tools.js';
import { ollamaToolTarget } from '../servers/ollama-tools.js';
import type { RecordedRequest, ScriptedResponse } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { VENDORS } from '../providers/openai-vendors.js';

/** The acceptance schema: what a new user would write first. */
const weatherSchema = z.object({
  city: z.string(),
  temperatureC: z.number(),
  conditions: z.enum(['sunny', 'cloudy', 'rain']),
});
const WEATHER = { city: 'Paris', temperatureC: 21.5, conditions: 'sunny' } as const;
/** The schema as the providers receive it (zod's JSON Schema, made strict where that applies). */
const WIRE_PROPERTIES = {
  city: { type: 'string' },
  temperatureC: { type: 'number' },
  conditions: { type: 'string', enum: ['sunny', 'cloudy', 'rain'] },
};

type Body = Record<string, unknown>;
const bodyOf = (request: RecordedRequest): Body => request.json as Body;

/** The answer's JSON text in uneven pieces, as a model streams it. */
function jsonPieces(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [text.slice(0, 5), text.slice(5, 17), text.slice(17, 18), text.slice(18)];
}

interface StructuredTarget {
  name: string;
  target: Pick<ToolConformanceTarget, 'create' | 'text'> &
    Partial<Pick<ToolConformanceTarget, 'toolCalls'>>;
  /** What auto picks for this provider and model. */
  auto: StructuredMode;
  /** The request carries the provider's mechanism for `mode` (auto's, here). */
  expectMechanism(request: RecordedRequest): void;
}

/** json_schema in response_format, with `strict` as the vendor takes it. */
function expectJsonSchema(strict: boolean | undefined) {
  return (request: RecordedRequest): void => {
    const format = bodyOf(request).response_format as {
      type: string;
      json_schema: Record<string, unknown>;
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({ name: 'json', schema: { type: 'object' } });
    expect((format.json_schema.schema as Body).properties).toEqual(WIRE_PROPERTIES);
    if (strict === undefined) expect(format.json_schema).not.toHaveProperty('strict');
    else expect(format.json_schema.strict).toBe(strict);
    if (strict) expect((format.json_schema.schema as Body).additionalProperties).toBe(false);
  };
}

const STRICT_BY_VENDOR: Record<string, boolean | undefined> = {
  OpenAILLM: true,
  AzureOpenAILLM: true,
  OpenRouterLLM: true,
  CerebrasLLM: true,
  // Groq: strict only on the models with constrained decoding (gpt-oss, kimi).
  GroqLLM: undefined,
  TogetherLLM: undefined,
  FireworksLLM: undefined,
  PerplexityLLM: undefined,
};

const chatTargets: StructuredTarget[] = VENDORS.map((vendor) => {
  const create: ToolConformanceTarget['create'] = (server, options) =>
    vendor.create({ model: vendor.model, baseUrl: `${server.url}${vendor.basePath}`, ...options });
  const target =
    vendor.toolCalls === 'none'
      ? { create, text: (pieces: string[]): ScriptedResponse => openAIStream(pieces) }
      : chatToolTarget({ name: vendor.name, model: vendor.model, style: vendor.toolCalls, create });
  if (vendor.name === 'DeepSeekLLM') {
    return {
      name: vendor.name,
      target,
      auto: 'json',
      expectMechanism: (request) => {
        const body = bodyOf(request);
        expect(body.response_format).toEqual({ type: 'json_object' });
        const system = (body.messages as Array<{ role: string; content: string }>)[0];
        expect(system?.role).toBe('system');
        expect(system?.content).toContain('JSON Schema');
        expect(system?.content).toContain('"temperatureC":{"type":"number"}');
      },
    };
  }
  return {
    name: vendor.name,
    target,
    auto: 'native',
    expectMechanism: expectJsonSchema(STRICT_BY_VENDOR[vendor.name]),
  };
});

const TARGETS: StructuredTarget[] = [
  ...chatTargets,
  {
    name: 'MistralLLM',
    target: chatToolTarget({
      name: 'MistralLLM',
      model: 'mistral-small-latest',
      style: 'whole-no-index',
      create: (server, options) =>
        new MistralLLM({ model: 'mistral-small-latest', baseUrl: `${server.url}/v1`, ...options }),
    }),
    auto: 'native',
    expectMechanism: expectJsonSchema(true),
  },
  {
    name: 'AnthropicLLM (claude-sonnet-4-5)',
    target: anthropicToolTarget(
      (server, options) =>
        new AnthropicLLM({ model: 'claude-sonnet-4-5', baseUrl: server.url, ...options }),
    ),
    auto: 'native',
    expectMechanism: (request) => {
      const body = bodyOf(request);
      expect(body.output_config).toEqual({
        format: {
          type: 'json_schema',
          schema: {
            type: 'object',
            properties: WIRE_PROPERTIES,
            required: ['city', 'temperatureC', 'conditions'],
            additionalProperties: false,
          },
        },
      });
      expect(body).not.toHaveProperty('tools');
    },
  },
  {
    name: 'AnthropicLLM (claude-3-5-haiku: the forced tool)',
    target: anthropicToolTarget(
      (server, options) =>
        new AnthropicLLM({ model: 'claude-3-5-haiku-latest', baseUrl: server.url, ...options }),
    ),
    auto: 'tool',
    expectMechanism: (request) => {
      const body = bodyOf(request);
      expect(body.tool_choice).toEqual({ type: 'tool', name: 'json' });
      expect(body.tools).toMatchObject([
        { name: 'json', input_schema: { type: 'object', properties: WIRE_PROPERTIES } },
      ]);
      expect(body).not.toHaveProperty('output_config');
    },
  },
  {
    name: 'GeminiLLM',
    target: geminiToolTarget({ model: 'gemini-2.5-flash', withIds: false }),
    auto: 'native',
    expectMechanism: (request) => {
      const config = bodyOf(request).generationConfig as Body;
      expect(config.responseMimeType).toBe('application/json');
      expect((config.responseJsonSchema as Body).properties).toEqual(WIRE_PROPERTIES);
    },
  },
  {
    name: 'CohereLLM',
    target: cohereToolTarget(
      (server, options) =>
        new CohereLLM({ model: 'command-a-03-2025', baseUrl: server.url, ...options }),
    ),
    auto: 'native',
    expectMechanism: (request) => {
      const format = bodyOf(request).response_format as Body;
      expect(format.type).toBe('json_object');
      expect((format.json_schema as Body).properties).toEqual(WIRE_PROPERTIES);
    },
  },
  {
    name: 'OllamaLLM',
    target: ollamaToolTarget('llama3.2', true),
    auto: 'native',
    expectMechanism: (request) => {
      expect((bodyOf(request).format as Body).properties).toEqual(WIRE_PROPERTIES);
    },
  },
  {
    name: 'BedrockLLM (Claude Sonnet 4.5)',
    target: bedrockToolTarget,
    auto: 'native',
    expectMechanism: (request) => {
      const textFormat = (converseBody(request).outputConfig as Body).textFormat as {
        type: string;
        structure: { jsonSchema: { schema: string; name: string } };
      };
      expect(textFormat.type).toBe('json_schema');
      expect(textFormat.structure.jsonSchema.name).toBe('json');
      // Converse takes the schema as a JSON string.
      expect(JSON.parse(textFormat.structure.jsonSchema.schema)).toMatchObject({
        properties: WIRE_PROPERTIES,
      });
    },
  },
];

describe('generateStructured on every provider (auto mode, a zod 4 schema)', () => {
  const server = useReplayServer();
  const make = (target: StructuredTarget, options: Partial<LLMConfigOptions> = {}): BaseLLM =>
    target.target.create(server(), { apiKey: 'sk-structured-test', ...options });

  it('covers all fifteen providers', () => {
    const covered = new Set(TARGETS.map((target) => make(target).config.provider));
    expect(covered.size).toBe(15);
  });

  for (const target of TARGETS) {
    it(`${target.name}: ${target.auto} mode on the wire, the typed object back`, async () => {
      server().enqueue(
        target.auto === 'tool'
          ? (target.target.toolCalls as ToolConformanceTarget['toolCalls'])([
              { id: 'toolu_structured', name: 'json', input: { ...WEATHER } },
            ])
          : target.target.text(jsonPieces(WEATHER), { input: 30, output: 12 }),
      );
      const finishes: FinishInfo[] = [];
      const weather = await make(target).generateStructured('Weather in Paris?', weatherSchema, {
        onFinish: (info) => finishes.push(info),
      });
      expectTypeOf(weather).toEqualTypeOf<{
        city: string;
        temperatureC: number;
        conditions: 'sunny' | 'cloudy' | 'rain';
      }>();
      expect(weather).toEqual(WEATHER);
      expect(server().requests).toHaveLength(1);
      target.expectMechanism(server().lastRequest);
      expect(finishes).toHaveLength(1);
      expect(finishes[0]).toMatchObject({ structuredMode: target.auto, finishReason: 'stop' });
    });
  }
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AnthropicLLM,
  BedrockLLM,
  ConfigError,
  type BaseLLM,
  type FinishInfo,
} from '../../src/index.js';
import { anthropicStream } from '../servers/anthropic.js';
import { bedrockStreamFrames, EVENT_STREAM_HEADERS } from '../servers/bedrock.js';
import { rejectionOfType } from '../servers/capture.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

type Body = Record<string, unknown>;
const bodyOf = (request: RecordedRequest): Body => request.json as Body;
const schema = z.object({ city: z.string(), celsius: z.number() });
const ANSWER_TEXT = '{"city":"Oslo","celsius":-3}';

/** A structured call with a thinking budget: the object must come back; the mode that ran and the body. */
async function withBudget(
  llm: BaseLLM,
  lastRequest: () => RecordedRequest,
): Promise<{ mode: FinishInfo['structuredMode']; body: Body }> {
  const finishes: FinishInfo[] = [];
  const weather = await llm.generateStructured('Oslo?', schema, {
    reasoning: { budgetTokens: 2048 },
    onFinish: (info) => finishes.push(info),
  });
  expect(weather).toEqual({ city: 'Oslo', celsius: -3 });
  return { mode: finishes[0]?.structuredMode, body: bodyOf(lastRequest()) };
}

/** Structured output beside the `reasoning` option: Claude's thinking changes what can run. */
describe('structured output with reasoning on', () => {
  const server = useReplayServer();
  const anthropic = (model: string) =>
    new AnthropicLLM({ model, apiKey: 'sk-ant-test', baseUrl: server().url });

  it('Anthropic native: the format and the effort share output_config', async () => {
    server().enqueue(anthropicStream([ANSWER_TEXT.slice(0, 9), ANSWER_TEXT.slice(9)]));
    const finishes: FinishInfo[] = [];
    const weather = await anthropic('claude-sonnet-4-5').generateStructured('Oslo?', schema, {
      reasoning: { effort: 'low' },
      onFinish: (info) => finishes.push(info),
    });
    expect(weather).toEqual({ city: 'Oslo', celsius: -3 });
    const body = bodyOf(server().lastRequest);
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.output_config).toEqual({
      effort: 'low',
      format: {
        type: 'json_schema',
        schema: expect.objectContaining({ type: 'object', additionalProperties: false }) as Body,
      },
    });
    expect(finishes[0]?.structuredMode).toBe('native');
  });

  it('Anthropic without native output: thinking rules out the forced tool, so auto is json', async () => {
    server().enqueue(anthropicStream([ANSWER_TEXT]));
    const llm = anthropic('claude-3-7-sonnet-latest');
    const { mode, body } = await withBudget(llm, () => server().lastRequest);
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('output_config');
    expect(String(body.system)).toContain('JSON Schema: ');
    expect(mode).toBe('json');

    const error = await rejectionOfType(
      llm.generateStructured('Oslo?', schema, {
        mode: 'tool',
        reasoning: { budgetTokens: 2048 },
      }),
      ConfigError,
    );
    expect(error.field).toBe('mode');
    expect(error.message).toContain('extended thinking');
    expect(server().requests).toHaveLength(1);
  });

  it('Bedrock Claude without native output: reasoning on makes auto json', async () => {
    server().enqueue({
      headers: EVENT_STREAM_HEADERS,
      body: bedrockStreamFrames([ANSWER_TEXT], { inputTokens: 20, outputTokens: 9 }),
    });
    const llm = new BedrockLLM({
      model: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      apiKey: 'bedrock-key',
      baseUrl: server().url,
    });
    const { mode, body } = await withBudget(llm, () => server().lastRequest);
    expect(body).not.toHaveProperty('toolConfig');
    expect(body).not.toHaveProperty('outputConfig');
    expect(body.additionalModelRequestFields).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
    });
    expect(mode).toBe('json');
  });
});

import { describe, expect, it } from 'vitest';
import {
  AnthropicLLM,
  AzureOpenAILLM,
  BedrockLLM,
  CerebrasLLM,
  CohereLLM,
  DeepSeekLLM,
  FireworksLLM,
  GeminiLLM,
  GroqLLM,
  MistralLLM,
  OllamaLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  TogetherLLM,
  TokenTracer,
  type BaseLLM,
  type PriceTable,
  type Usage,
} from '../../src/index.js';
import { anthropicStream } from '../servers/anthropic.js';
import { bedrockStreamFrames, EVENT_STREAM_HEADERS } from '../servers/bedrock.js';
import { tracedCall } from '../servers/capture.js';
import { cohereStream } from '../servers/cohere.js';
import { geminiStream } from '../servers/gemini.js';
import { mistralStream } from '../servers/mistral.js';
import { ollamaStream } from '../servers/ollama.js';
import {
  openAIChunks,
  openAISse,
  SSE_HEADERS,
  type OpenAIStreamOptions,
} from '../servers/openai-chat.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const M = 1_000_000;

/**
 * One provider's call as the tracer sees it. Add a row per provider: its class against the
 * replay server, the exact bytes it answers with, and the usage it reported.
 */
interface ProviderRow {
  name: string;
  /** Build the LLM with the replay server's URL as its base. */
  create: (serverUrl: string) => BaseLLM;
  /** The provider's streamed answer, usage where that provider puts it. */
  response: () => ScriptedResponse;
  /** The Usage the provider reported, as onFinish must give it. */
  reported: Usage;
  /** The model id the call is recorded (and priced) under. */
  tracedAs: string;
  prices?: PriceTable;
  /** Worked out by hand from the provider's price per 1M tokens; null when unpriced. */
  expectedCostUsd: number | null;
}

function openAIFamily(
  model: string,
  usage: Record<string, unknown>,
  stream: OpenAIStreamOptions,
): () => ScriptedResponse {
  return () => ({
    headers: SSE_HEADERS,
    body: openAISse(
      openAIChunks(['Usage ', 'is ', 'counted.'], {
        ...stream,
        model,
        usage: usage as OpenAIStreamOptions['usage'],
      }),
      { done: stream.done ?? true },
    ),
  });
}

const key = { apiKey: 'sk-test-usage' };

/** Anthropic with cache reads and writes (also the priced call of the no-usage tests). */
const ANTHROPIC_WITH_CACHE: ProviderRow & { expectedCostUsd: number } = {
  name: 'AnthropicLLM (input + cache_read + cache_creation; thinking inside output_tokens)',
  create: (url) => new AnthropicLLM({ ...key, model: 'claude-sonnet-4-5', baseUrl: url }),
  response: () =>
    anthropicStream(['Usage ', 'is ', 'counted.'], {
      model: 'claude-sonnet-4-5-20250929',
      thinking: ['Cache reads and writes ', 'are prompt tokens too.'],
      usage: {
        input_tokens: 150,
        cache_read_input_tokens: 4000,
        cache_creation_input_tokens: 1200,
        output_tokens: 320,
      },
    }),
  reported: { input: 5350, output: 320, cacheRead: 4000, cacheWrite: 1200, reported: true },
  tracedAs: 'claude-sonnet-4-5-20250929',
  expectedCostUsd: (150 * 3 + 4000 * 0.3 + 1200 * 3.75 + 320 * 15) / M,
};

const ROWS: ProviderRow[] = [
  {
    name: 'OpenAILLM (prompt_tokens_details.cached_tokens)',
    create: (url) => new OpenAILLM({ ...key, model: 'gpt-4o-mini', baseUrl: `${url}/v1` }),
    response: openAIFamily(
      'gpt-4o-mini-2024-07-18',
      {
        prompt_tokens: 1200,
        completion_tokens: 300,
        total_tokens: 1500,
        prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
      },
      { usageIn: 'separate-chunk' },
    ),
    reported: { input: 1200, output: 300, cacheRead: 1024, reasoning: 0, reported: true },
    tracedAs: 'gpt-4o-mini-2024-07-18',
    expectedCostUsd: (176 * 0.15 + 1024 * 0.075 + 300 * 0.6) / M,
  },
  {
    name: 'AzureOpenAILLM (deployment traced under its model name)',
    create: (url) => new AzureOpenAILLM({ ...key, model: 'prod-4o', baseUrl: url }),
    response: openAIFamily(
      'gpt-4o-2024-11-20',
      {
        prompt_tokens: 2048,
        completion_tokens: 100,
        total_tokens: 2148,
        prompt_tokens_details: { cached_tokens: 1536 },
      },
      { usageIn: 'separate-chunk' },
    ),
    reported: { input: 2048, output: 100, cacheRead: 1536, reported: true },
    tracedAs: 'gpt-4o',
    expectedCostUsd: (512 * 2.5 + 1536 * 1.25 + 100 * 10) / M,
  },
  {
    name: 'GroqLLM (x_groq.usage)',
    create: (url) =>
      new GroqLLM({ ...key, model: 'llama-3.3-70b-versatile', baseUrl: `${url}/openai/v1` }),
    response: openAIFamily(
      'llama-3.3-70b-versatile',
      { prompt_tokens: 45, completion_tokens: 662, total_tokens: 707, queue_time: 0.02 },
      { usageIn: 'x_groq' },
    ),
    reported: { input: 45, output: 662, reported: true },
    tracedAs: 'llama-3.3-70b-versatile',
    expectedCostUsd: (45 * 0.59 + 662 * 0.79) / M,
  },
  {
    name: 'DeepSeekLLM (prompt_cache_hit_tokens, priced by a per-tracer override)',
    create: (url) => new DeepSeekLLM({ ...key, model: 'deepseek-v4-flash', baseUrl: url }),
    response: openAIFamily(
      'deepseek-v4-flash',
      {
        prompt_tokens: 1500,
        completion_tokens: 400,
        total_tokens: 1900,
        prompt_cache_hit_tokens: 1280,
        prompt_cache_miss_tokens: 220,
      },
      { usageIn: 'finish-chunk' },
    ),
    reported: { input: 1500, output: 400, cacheRead: 1280, reported: true },
    tracedAs: 'deepseek-v4-flash',
    prices: { 'deepseek-v4-flash': { input: 0.3, output: 1.2, cachedInput: 0.006 } },
    expectedCostUsd: (220 * 0.3 + 1280 * 0.006 + 400 * 1.2) / M,
  },
  {
    name: 'OpenRouterLLM (vendor/model id)',
    create: (url) =>
      new OpenRouterLLM({ ...key, model: 'openai/gpt-4o-mini', baseUrl: `${url}/api/v1` }),
    response: openAIFamily(
      'openai/gpt-4o-mini',
      {
        prompt_tokens: 3000,
        completion_tokens: 1000,
        total_tokens: 4000,
        cost: 0.00105,
        prompt_tokens_details: { cached_tokens: 0 },
      },
      { usageIn: 'separate-chunk' },
    ),
    reported: { input: 3000, output: 1000, cacheRead: 0, reported: true },
    tracedAs: 'openai/gpt-4o-mini',
    expectedCostUsd: (3000 * 0.15 + 1000 * 0.6) / M,
  },
  {
    name: 'TogetherLLM (usage.cached_tokens)',
    create: (url) =>
      new TogetherLLM({ ...key, model: 'openai/gpt-oss-120b', baseUrl: `${url}/v1` }),
    response: openAIFamily(
      'openai/gpt-oss-120b',
      { prompt_tokens: 900, completion_tokens: 350, total_tokens: 1250, cached_tokens: 512 },
      { usageIn: 'finish-chunk' },
    ),
    reported: { input: 900, output: 350, cacheRead: 512, reported: true },
    tracedAs: 'openai/gpt-oss-120b',
    // No cached-input price listed: cache reads are billed at the input price.
    expectedCostUsd: (900 * 0.15 + 350 * 0.6) / M,
  },
  {
    name: 'FireworksLLM (accounts/fireworks/models/... id)',
    create: (url) =>
      new FireworksLLM({
        ...key,
        model: 'accounts/fireworks/models/gpt-oss-120b',
        baseUrl: `${url}/inference/v1`,
      }),
    response: openAIFamily(
      'accounts/fireworks/models/gpt-oss-120b',
      {
        prompt_tokens: 4000,
        completion_tokens: 800,
        total_tokens: 4800,
        prompt_tokens_details: { cached_tokens: 2048 },
      },
      { usageIn: 'finish-chunk' },
    ),
    reported: { input: 4000, output: 800, cacheRead: 2048, reported: true },
    tracedAs: 'accounts/fireworks/models/gpt-oss-120b',
    expectedCostUsd: (1952 * 0.15 + 2048 * 0.015 + 800 * 0.6) / M,
  },
  {
    name: 'PerplexityLLM (cumulative usage on every chunk, no [DONE])',
    create: (url) => new PerplexityLLM({ ...key, model: 'sonar', baseUrl: url }),
    response: openAIFamily(
      'sonar',
      {
        prompt_tokens: 11,
        completion_tokens: 434,
        total_tokens: 445,
        search_context_size: 'low',
      },
      { usageIn: 'every-chunk', done: false, finalObject: 'chat.completion.done' },
    ),
    reported: { input: 11, output: 434, reported: true },
    tracedAs: 'sonar',
    expectedCostUsd: (11 * 1 + 434 * 1) / M,
  },
  {
    name: 'CerebrasLLM',
    create: (url) => new CerebrasLLM({ ...key, model: 'gpt-oss-120b', baseUrl: `${url}/v1` }),
    response: openAIFamily(
      'gpt-oss-120b',
      {
        prompt_tokens: 70,
        completion_tokens: 210,
        total_tokens: 280,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 120 },
      },
      { usageIn: 'finish-chunk' },
    ),
    reported: { input: 70, output: 210, cacheRead: 0, reasoning: 120, reported: true },
    tracedAs: 'gpt-oss-120b',
    expectedCostUsd: (70 * 0.35 + 210 * 0.75) / M,
  },
  {
    name: 'AzureOpenAILLM on an SGLang server (top-level usage.reasoning_tokens)',
    create: (url) => new AzureOpenAILLM({ ...key, model: 'deepseek-v4-pro', baseUrl: url }),
    // The shape of recordings/azure/azure-deepseek-reasoning.1: prompt_tokens_details null,
    // the reasoning count beside the totals; this time with a count in it.
    response: openAIFamily(
      'deepseek-v4-pro',
      {
        prompt_tokens: 19,
        total_tokens: 1739,
        completion_tokens: 1720,
        prompt_tokens_details: null,
        reasoning_tokens: 951,
      },
      { usageIn: 'separate-chunk' },
    ),
    reported: { input: 19, output: 1720, reasoning: 951, reported: true },
    tracedAs: 'deepseek-v4-pro',
    // Not in the bundled table: unknown, never 0.
    expectedCostUsd: null,
  },
  ANTHROPIC_WITH_CACHE,
  {
    name: 'AnthropicLLM (input counts only in message_start, as older API versions send them)',
    create: (url) => new AnthropicLLM({ ...key, model: 'claude-haiku-4-5', baseUrl: url }),
    response: () =>
      anthropicStream(['Usage ', 'is ', 'counted.'], {
        model: 'claude-haiku-4-5-20251001',
        usage: { input_tokens: 40, cache_read_input_tokens: 2200, output_tokens: 75 },
        repeatInputInDelta: false,
      }),
    reported: { input: 2240, output: 75, cacheRead: 2200, cacheWrite: 0, reported: true },
    tracedAs: 'claude-haiku-4-5-20251001',
    expectedCostUsd: (40 * 1 + 2200 * 0.1 + 75 * 5) / M,
  },
  {
    name: 'GeminiLLM (candidates + thoughts as output; cachedContentTokenCount)',
    create: (url) => new GeminiLLM({ ...key, model: 'gemini-2.5-flash', baseUrl: `${url}/v1beta` }),
    response: () =>
      geminiStream(['Usage ', 'is ', 'counted.'], {
        model: 'gemini-2.5-flash',
        thoughts: ['**Counting tokens**'],
        usage: {
          promptTokenCount: 2100,
          cachedContentTokenCount: 1800,
          candidatesTokenCount: 240,
          thoughtsTokenCount: 610,
        },
      }),
    reported: { input: 2100, output: 850, cacheRead: 1800, reasoning: 610, reported: true },
    tracedAs: 'gemini-2.5-flash',
    expectedCostUsd: (300 * 0.3 + 1800 * 0.03 + 850 * 2.5) / M,
  },
  {
    name: 'CohereLLM (usage.tokens, not billed_units; cached_tokens)',
    create: (url) => new CohereLLM({ ...key, model: 'command-a-03-2025', baseUrl: url }),
    // The counts of recordings/cohere/cohere-reasoning: billed_units far below usage.tokens.
    response: () =>
      cohereStream(['Usage ', 'is ', 'counted.'], {
        thinking: ['The user asks about tokens.'],
        usage: {
          input_tokens: 1394,
          output_tokens: 54,
          billed_input_tokens: 8,
          billed_output_tokens: 50,
          cached_tokens: 1360,
        },
      }),
    reported: { input: 1394, output: 54, cacheRead: 1360, reported: true },
    tracedAs: 'command-a-03-2025',
    // No cached-input price listed: cache reads are billed at the input price.
    expectedCostUsd: (1394 * 2.5 + 54 * 10) / M,
  },
  {
    name: 'MistralLLM (usage on the finish chunk, without stream_options)',
    create: (url) =>
      new MistralLLM({ ...key, model: 'mistral-medium-latest', baseUrl: `${url}/v1` }),
    response: () =>
      mistralStream(['Usage ', 'is ', 'counted.'], {
        model: 'mistral-medium-latest',
        usage: { input: 830, output: 95 },
      }),
    reported: { input: 830, output: 95, reported: true },
    tracedAs: 'mistral-medium-latest',
    expectedCostUsd: (830 * 1.5 + 95 * 7.5) / M,
  },
  {
    name: 'OllamaLLM (prompt_eval_count and eval_count on the done line; local, free)',
    create: (url) => new OllamaLLM({ model: 'llama3.2', baseUrl: url }),
    response: () =>
      ollamaStream(['Usage ', 'is ', 'counted.'], { usage: { input: 26, output: 298 } }),
    reported: { input: 26, output: 298, reported: true },
    tracedAs: 'ollama/llama3.2',
    expectedCostUsd: 0,
  },
  {
    name: 'OllamaLLM (prompt fully cached: prompt_eval_count left out, so 0 input)',
    create: (url) => new OllamaLLM({ model: 'llama3.2', baseUrl: url }),
    response: () =>
      ollamaStream(['Usage ', 'is ', 'counted.'], { usage: { input: 0, output: 41 } }),
    reported: { input: 0, output: 41, reported: true },
    tracedAs: 'ollama/llama3.2',
    expectedCostUsd: 0,
  },
  {
    name: 'BedrockLLM (inputTokens + cacheReadInputTokens + cacheWriteInputTokens)',
    // A Bedrock API key (bearer) and baseUrl: no region or AWS credentials needed.
    create: (url) =>
      new BedrockLLM({
        ...key,
        model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        baseUrl: url,
      }),
    response: () => ({
      headers: EVENT_STREAM_HEADERS,
      body: bedrockStreamFrames(['Usage ', 'is ', 'counted.'], {
        inputTokens: 90,
        cacheReadInputTokens: 2048,
        cacheWriteInputTokens: 512,
        outputTokens: 210,
      }),
    }),
    reported: { input: 2650, output: 210, cacheRead: 2048, cacheWrite: 512, reported: true },
    tracedAs: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    // The table lists no Bedrock cache rates: cache reads and writes at the input price.
    expectedCostUsd: (2650 * 1.1 + 210 * 5.5) / M,
  },
];

const server = useReplayServer();

describe('a TokenTracer fed from onFinish records exactly what each provider reported', () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      server().enqueue(row.response());
      const tracer = new TokenTracer({ prices: row.prices });
      const llm = row.create(server().url);
      const finishes = await tracedCall(llm, tracer, row.tracedAs);

      expect(finishes).toHaveLength(1);
      expect(finishes[0]?.usage).toEqual(row.reported);
      expect(llm.tokensUsed).toEqual({ input: row.reported.input, output: row.reported.output });

      const summary = tracer.summary();
      expect(summary).toMatchObject({
        calls: 1,
        totalInputTokens: row.reported.input,
        totalOutputTokens: row.reported.output,
        totalTokens: row.reported.input + row.reported.output,
      });
      expect(Object.keys(summary.byModel)).toEqual([row.tracedAs]);
      const cost = summary.byModel[row.tracedAs]?.costUsd;
      if (row.expectedCostUsd === null) expect(cost).toBeNull();
      else expect(cost).toBeCloseTo(row.expectedCostUsd, 15);
      expect(summary.estimatedCostUsd).toBe(cost);
    });
  }
});

/** Streams that end normally but carry no counts: the provider reported nothing. */
const WITHOUT_USAGE: Array<{
  name: string;
  create: (serverUrl: string) => BaseLLM;
  response: () => ScriptedResponse;
  tracedAs: string;
}> = [
  {
    name: 'OllamaLLM, a done line without prompt_eval_count or eval_count',
    create: (url) => new OllamaLLM({ model: 'llama3.2', baseUrl: url }),
    response: () => ollamaStream(['No ', 'counts.']),
    tracedAs: 'ollama/llama3.2',
  },
  {
    name: 'MistralLLM, a finish chunk without usage',
    create: (url) =>
      new MistralLLM({ ...key, model: 'mistral-medium-latest', baseUrl: `${url}/v1` }),
    response: () => mistralStream(['No ', 'counts.']),
    tracedAs: 'mistral-medium-latest',
  },
];

describe('a provider that reports no usage reaches the tracer as unknown, not as free', () => {
  for (const row of WITHOUT_USAGE) {
    it(row.name, async () => {
      const priced = ANTHROPIC_WITH_CACHE;
      server().enqueue(row.response(), priced.response());
      const tracer = new TokenTracer();
      const llm = row.create(server().url);

      const finishes = await tracedCall(llm, tracer, row.tracedAs);
      expect(finishes.map((finish) => finish.usage)).toEqual([
        { input: 0, output: 0, reported: false },
      ]);
      expect(llm.tokensUsed).toEqual({ input: 0, output: 0 });
      // Both models have a price (Ollama's is 0), yet the cost is null: the tokens are unknown.
      expect(tracer.summary()).toEqual({
        calls: 1,
        totalInputTokens: 0,
        totalOutputTokens: 0,
        totalTokens: 0,
        totalLatencyMs: 0,
        estimatedCostUsd: null,
        byModel: { [row.tracedAs]: { calls: 1, inputTokens: 0, outputTokens: 0, costUsd: null } },
      });

      // A reported call of another model keeps its own cost; the total stays unknown.
      await tracedCall(priced.create(server().url), tracer, priced.tracedAs);
      const summary = tracer.summary();
      expect(summary.calls).toBe(2);
      expect(summary.byModel[row.tracedAs]?.costUsd).toBeNull();
      expect(summary.byModel[priced.tracedAs]?.costUsd).toBeCloseTo(priced.expectedCostUsd, 15);
      expect(summary.estimatedCostUsd).toBeNull();
    });
  }
});

import { describe, expect, it } from 'vitest';
import {
  AzureOpenAILLM,
  CerebrasLLM,
  DeepSeekLLM,
  FireworksLLM,
  GroqLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  TogetherLLM,
  TokenTracer,
  type BaseLLM,
  type FinishInfo,
  type PriceTable,
  type Usage,
} from '../../src/index.js';
import {
  openAIChunks,
  openAISse,
  SSE_HEADERS,
  type OpenAIStreamOptions,
} from '../servers/openai-chat.js';
import { recordedLines, recordedStreams, type RecordingEntry } from '../servers/recordings.js';
import { type ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent } from '../servers/sse.js';
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
];

const server = useReplayServer();

/** One call through onFinish into a tracer, the way the README tells users to record. */
async function tracedCall(
  llm: BaseLLM,
  tracer: TokenTracer,
  tracedAs: string,
): Promise<FinishInfo[]> {
  const finishes: FinishInfo[] = [];
  await llm.generate('How are tokens counted?', {
    onFinish: (info) => {
      finishes.push(info);
      tracer.recordUsage(info.usage, { model: tracedAs, cached: info.cached });
    },
  });
  return finishes;
}

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

/**
 * The billed part of the usage a recording's manifest entry describes (its numbers come from the
 * raw chunks). `reasoning` is left out: it is informational (already inside output), and the
 * Azure DeepSeek recording reports it in a non-standard top-level field.
 */
function manifestUsage(entry: RecordingEntry): Pick<Usage, 'input' | 'output' | 'cacheRead'> {
  return {
    input: entry.usage.input ?? 0,
    output: entry.usage.output ?? 0,
    cacheRead: entry.usage.cached_input ?? entry.usage.prompt_cache_hit,
  };
}

describe('recorded real-API streams: the tracer totals equal the provider-reported usage', () => {
  const classes: Record<string, (baseUrl: string, model: string) => BaseLLM> = {
    openai: (baseUrl, model) => new OpenAILLM({ ...key, model, baseUrl }),
    azure: (baseUrl, model) => new AzureOpenAILLM({ ...key, model, baseUrl }),
    groq: (baseUrl, model) => new GroqLLM({ ...key, model, baseUrl }),
    deepseek: (baseUrl, model) => new DeepSeekLLM({ ...key, model, baseUrl }),
    perplexity: (baseUrl, model) => new PerplexityLLM({ ...key, model, baseUrl }),
  };
  for (const [folder, create] of Object.entries(classes)) {
    for (const entry of recordedStreams(folder)) {
      it(entry.file, async () => {
        const body = recordedLines(entry).map((line) => sseEvent(line));
        body.push(sseEvent('[DONE]'));
        server().enqueue({ headers: SSE_HEADERS, body, splitSeed: 7 });
        const model = entry.model ?? 'model';
        const tracer = new TokenTracer();
        const finishes = await tracedCall(create(server().url, model), tracer, model);
        const expected = manifestUsage(entry);
        const usage = finishes[0]?.usage;
        expect(usage).toMatchObject({
          input: expected.input,
          output: expected.output,
          reported: true,
        });
        expect(usage?.cacheRead).toBe(expected.cacheRead);
        expect(tracer.summary()).toMatchObject({
          calls: 1,
          totalInputTokens: expected.input,
          totalOutputTokens: expected.output,
          byModel: {
            [model]: { calls: 1, inputTokens: expected.input, outputTokens: expected.output },
          },
        });
      });
    }
  }
});

import {
  metrics as globalMetrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type HistogramMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AbortError,
  AnthropicLLM,
  GeminiLLM,
  type LLMConfigOptions,
  type Tool,
} from '../../src/index.js';
import { anthropicStream } from '../servers/anthropic.js';
import { geminiStream } from '../servers/gemini.js';
import {
  openAIAgainst,
  openAIChunks,
  openAIError,
  openAISse,
  openAIToolCallChunks,
  SSE_HEADERS,
  type OpenAIToolCallScript,
} from '../servers/openai-chat.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const API_KEY = 'sk-telemetry-secret-key-1234';
const PROMPT = 'What is the capital of France? (a prompt only recordContent may show)';
const usage = { prompt_tokens: 12, completion_tokens: 5 };

const textAnswer = (pieces: string[], options: { gapMs?: number } = {}): ScriptedResponse => ({
  headers: SSE_HEADERS,
  body: openAISse(openAIChunks(pieces, { usage, usageIn: 'finish-chunk' })),
  ...options,
});
const callAnswer = (calls: OpenAIToolCallScript[]): ScriptedResponse => ({
  headers: SSE_HEADERS,
  body: openAISse(
    openAIToolCallChunks(calls, {
      style: 'fragments',
      usage: { prompt_tokens: 8, completion_tokens: 3 },
    }),
  ),
});

const weather: Tool = {
  description: 'Weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: ({ city }: { city: string }) => (city === 'Oslo' ? 'cold' : 'warm'),
};

describe('telemetry with the real OpenTelemetry SDK', () => {
  const server = useReplayServer();
  let spans: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;
  let metrics: InMemoryMetricExporter;
  let reader: PeriodicExportingMetricReader;
  let meterProvider: MeterProvider;

  beforeEach(() => {
    spans = new InMemorySpanExporter();
    tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 60_000 });
    meterProvider = new MeterProvider({ readers: [reader] });
  });
  afterEach(async () => {
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });

  const traced = (options: Partial<LLMConfigOptions> = {}, recordContent = false) =>
    openAIAgainst(server(), {
      apiKey: API_KEY,
      telemetry: {
        recordContent,
        tracer: tracerProvider.getTracer('test'),
        meter: meterProvider.getMeter('test'),
      },
      ...options,
    });
  const finished = (): ReadableSpan[] => spans.getFinishedSpans();
  const callSpan = (): ReadableSpan => {
    const calls = finished().filter((span) => span.name.startsWith('chat '));
    expect(calls).toHaveLength(1);
    return calls[0]!;
  };
  /** Everything a span, its events and its status hold, as text (for "never contains"). */
  const everything = (): string =>
    JSON.stringify(
      finished().map((span) => [span.name, span.attributes, span.events, span.status]),
    );

  it('one generate: one CLIENT span `chat {model}` with the GenAI attributes and the usage', async () => {
    server().enqueue(textAnswer(['Paris', '.']));
    const answer = await traced().generate(PROMPT, { temperature: 0.2, maxTokens: 50 });
    expect(answer).toBe('Paris.');
    const span = callSpan();
    const port = Number(new URL(server().url).port);
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
      'server.address': '127.0.0.1',
      'server.port': port,
    } satisfies Attributes);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    // generate() is not streamed: no time to first chunk.
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeUndefined();
  });

  it('a streamed call records the time to its first chunk', async () => {
    server().enqueue(textAnswer(['Par', 'is'], { gapMs: 20 }));
    let text = '';
    for await (const piece of traced().stream(PROMPT)) text += piece;
    expect(text).toBe('Paris');
    const span = callSpan();
    const firstChunk = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(firstChunk).toBeGreaterThan(0);
    const [seconds, nanos] = span.duration;
    expect(firstChunk).toBeLessThan(seconds + nanos / 1e9);
  });

  it('a call retried twice: two retry events with the error type and delay, and the final status', async () => {
    server().enqueue(
      openAIError(503, 'overloaded'),
      openAIError(503, 'overloaded'),
      textAnswer(['ok']),
    );
    await traced({ maxRetries: 2, retryDelay: 0.001 }).generate(PROMPT);
    const span = callSpan();
    const retries = span.events.filter((event) => event.name === 'synapsekit.retry');
    expect(retries).toHaveLength(2);
    expect(retries.map((event) => event.attributes)).toEqual([
      expect.objectContaining({
        'error.type': 'ProviderError',
        'synapsekit.retry.attempt': 2,
        'http.response.status_code': 503,
        'synapsekit.retry.delay_ms': expect.any(Number),
      }),
      expect.objectContaining({ 'error.type': 'ProviderError', 'synapsekit.retry.attempt': 3 }),
    ]);
    expect(span.attributes['synapsekit.attempts']).toBe(3);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a call that fails after its retries ends with status ERROR and error.type = our error class', async () => {
    server().always(openAIError(503, 'overloaded'));
    await expect(traced({ maxRetries: 1, retryDelay: 0.001 }).generate(PROMPT)).rejects.toThrow();
    const span = callSpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('ProviderError');
    expect(span.attributes['synapsekit.attempts']).toBe(2);
    expect(span.events.filter((event) => event.name === 'synapsekit.retry')).toHaveLength(1);
  });

  it('a cache hit is marked and has no usage; the live call before it has', async () => {
    server().enqueue(textAnswer(['Paris']));
    const llm = traced({ cache: true });
    await llm.generate(PROMPT);
    const second = await llm.generateResponse(PROMPT);
    expect(second.cached).toBe(true);
    const [live, hit] = finished();
    expect(live!.attributes['synapsekit.cache.hit']).toBe(false);
    expect(live!.attributes['gen_ai.usage.input_tokens']).toBe(12);
    expect(hit!.attributes['synapsekit.cache.hit']).toBe(true);
    expect(hit!.events.map((event) => event.name)).toContain('synapsekit.cache.hit');
    expect(hit!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(hit!.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(server().requests).toHaveLength(1);
  });

  it('an aborted stream ends its span with status ERROR and error.type AbortError', async () => {
    server().enqueue(textAnswer(['first ', 'second ', 'third'], { gapMs: 200 }));
    const controller = new AbortController();
    const pieces: string[] = [];
    await expect(async () => {
      for await (const piece of traced().stream(PROMPT, { signal: controller.signal })) {
        pieces.push(piece);
        controller.abort();
      }
    }).rejects.toThrow(AbortError);
    expect(pieces).toEqual(['first ']);
    const span = callSpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('AbortError');
  });

  it('a caller that stops reading (break) ends the span too, as cancelled', async () => {
    server().enqueue(textAnswer(['first ', 'second ', 'third'], { gapMs: 100 }));
    for await (const piece of traced().stream(PROMPT)) {
      expect(piece).toBe('first ');
      break;
    }
    const span = callSpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('AbortError');
  });

  it('a two-step tool loop has two `execute_tool` children of the call span', async () => {
    server().enqueue(
      callAnswer([{ id: 'call_a', name: 'weather', input: { city: 'Oslo' } }]),
      callAnswer([{ id: 'call_b', name: 'weather', input: { city: 'Rome' } }]),
      textAnswer(['Cold, then warm.']),
    );
    const response = await traced().generateResponse(PROMPT, { tools: { weather }, maxSteps: 3 });
    expect(response.steps).toBe(3);
    const call = callSpan();
    const tools = finished().filter((span) => span.name === 'execute_tool weather');
    expect(tools).toHaveLength(2);
    for (const tool of tools) {
      expect(tool.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
      expect(tool.spanContext().traceId).toBe(call.spanContext().traceId);
      expect(tool.attributes).toMatchObject({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'weather',
        'gen_ai.tool.type': 'function',
      });
      expect(tool.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    }
    expect(tools.map((tool) => tool.attributes['gen_ai.tool.call.id'])).toEqual([
      'call_a',
      'call_b',
    ]);
    // The call's usage is the sum over its steps.
    expect(call.attributes['gen_ai.usage.input_tokens']).toBe(8 + 8 + 12);
    expect(call.attributes['synapsekit.steps']).toBe(3);
  });

  it('a tool that throws: its span has status ERROR and the error type; the loop goes on', async () => {
    server().enqueue(
      callAnswer([{ id: 'call_a', name: 'weather', input: { city: 'Oslo' } }]),
      textAnswer(['Sorry.']),
    );
    const broken: Tool = {
      ...weather,
      execute: () => {
        throw new TypeError('station offline');
      },
    };
    await traced().generate(PROMPT, { tools: { weather: broken }, maxSteps: 2 });
    const [tool] = finished().filter((span) => span.name === 'execute_tool weather');
    expect(tool!.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool!.attributes['error.type']).toBe('TypeError');
    expect(callSpan().status.code).toBe(SpanStatusCode.UNSET);
  });

  it('no attribute holds the prompt, the answer or tool arguments unless recordContent is on', async () => {
    const script = () =>
      server().enqueue(
        callAnswer([{ id: 'call_a', name: 'weather', input: { city: 'Oslo' } }]),
        textAnswer(['Paris is the answer.']),
      );
    script();
    await traced().generate(PROMPT, { tools: { weather }, maxSteps: 2 });
    const off = everything();
    expect(off).not.toContain('capital of France');
    expect(off).not.toContain('Paris is the answer');
    expect(off).not.toContain('Oslo');
    expect(off).not.toContain('cold');

    spans.reset();
    script();
    await traced({}, true).generate(PROMPT, { tools: { weather }, maxSteps: 2 });
    const call = callSpan();
    expect(JSON.parse(call.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: PROMPT }] },
    ]);
    expect(JSON.parse(call.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Paris is the answer.' }],
        finish_reason: 'stop',
      },
    ]);
    const [tool] = finished().filter((span) => span.name === 'execute_tool weather');
    expect(tool!.attributes['gen_ai.tool.call.arguments']).toBe('{"city":"Oslo"}');
    expect(tool!.attributes['gen_ai.tool.call.result']).toBe('cold');
  });

  it('no attribute, event or status ever holds the API key, even with recordContent and errors', async () => {
    server().enqueue(
      openAIError(503, `overloaded for key ${API_KEY}`),
      callAnswer([{ id: 'call_a', name: 'weather', input: { city: 'Oslo' } }]),
      textAnswer(['ok']),
    );
    await traced({ maxRetries: 1, retryDelay: 0.001 }, true).generate(PROMPT, {
      tools: { weather },
      maxSteps: 2,
    });
    server().always(openAIError(401, `Incorrect API key provided: ${API_KEY}`));
    await expect(traced({}, true).generate(PROMPT)).rejects.toThrow();
    expect(finished().length).toBeGreaterThanOrEqual(3);
    expect(everything()).not.toContain(API_KEY);
    expect(everything()).not.toContain(API_KEY.slice(3, 20));
  });

  it('the provider name and the response model the stream names, for the native protocols too', async () => {
    const telemetry = { tracer: tracerProvider.getTracer('test') };
    server().enqueue(
      anthropicStream(['Hi'], { model: 'claude-sonnet-4-5-20250929' }),
      geminiStream(['Hi'], { model: 'gemini-2.5-flash-preview-05-20' }),
    );
    await new AnthropicLLM({
      model: 'claude-sonnet-4-5',
      apiKey: API_KEY,
      baseUrl: server().url,
      telemetry,
    }).generate(PROMPT);
    await new GeminiLLM({
      model: 'gemini-2.5-flash',
      apiKey: API_KEY,
      baseUrl: `${server().url}/v1beta`,
      telemetry,
    }).generate(PROMPT);
    expect(finished().map((span) => [span.name, span.attributes])).toEqual([
      [
        'chat claude-sonnet-4-5',
        expect.objectContaining({
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
        }),
      ],
      [
        'chat gemini-2.5-flash',
        expect.objectContaining({
          'gen_ai.provider.name': 'gcp.gemini',
          'gen_ai.response.model': 'gemini-2.5-flash-preview-05-20',
        }),
      ],
    ]);
  });

  it('telemetryAttributes land on the call span (how a router records its choice)', async () => {
    server().enqueue(textAnswer(['ok']));
    await traced().generate(PROMPT, {
      telemetryAttributes: { 'synapsekit.router.choice': 'cheap', 'app.tenant': 7 },
    });
    expect(callSpan().attributes).toMatchObject({
      'synapsekit.router.choice': 'cheap',
      'app.tenant': 7,
    });
  });

  it('metrics: the token histogram split by input and output, and the operation duration', async () => {
    server().enqueue(textAnswer(['Paris']), textAnswer(['Rome']));
    const llm = traced();
    await llm.generate(PROMPT);
    await llm.generate('And Italy?');
    await reader.forceFlush();
    const exported = metrics
      .getMetrics()
      .at(-1)!
      .scopeMetrics.flatMap((scope) => scope.metrics);
    const named = (name: string) => exported.find((metric) => metric.descriptor.name === name);

    const tokens = named('gen_ai.client.token.usage') as HistogramMetricData;
    expect(tokens.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(tokens.descriptor.unit).toBe('{token}');
    const byType = Object.fromEntries(
      tokens.dataPoints.map((point) => [
        point.attributes['gen_ai.token.type'],
        { count: point.value.count, sum: point.value.sum },
      ]),
    );
    expect(byType).toEqual({ input: { count: 2, sum: 24 }, output: { count: 2, sum: 10 } });
    expect(tokens.dataPoints[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    });

    const duration = named('gen_ai.client.operation.duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints).toHaveLength(1);
    expect(duration.dataPoints[0]!.value.count).toBe(2);
    expect(duration.dataPoints[0]!.value.sum).toBeGreaterThan(0);
  });

  it('a failed call is measured with its error.type and records no tokens', async () => {
    server().always(openAIError(400, 'bad request'));
    await expect(traced().generate(PROMPT)).rejects.toThrow();
    await reader.forceFlush();
    const exported = metrics
      .getMetrics()
      .at(-1)!
      .scopeMetrics.flatMap((scope) => scope.metrics);
    const duration = exported.find(
      (metric) => metric.descriptor.name === 'gen_ai.client.operation.duration',
    ) as HistogramMetricData;
    expect(duration.dataPoints[0]!.attributes['error.type']).toBe('ProviderError');
    expect(
      exported.find((metric) => metric.descriptor.name === 'gen_ai.client.token.usage')
        ?.dataPoints ?? [],
    ).toEqual([]);
  });

  it('telemetry: true with no SDK registered answers; the global providers registered later record the next call', async () => {
    server().always(textAnswer(['Paris', '.']));
    const llm = openAIAgainst(server(), { apiKey: API_KEY, telemetry: true });
    try {
      // The first call imports the API; the next ones see nothing registered (not observed).
      for (let i = 0; i < 3; i++) expect(await llm.generate(PROMPT)).toBe('Paris.');
      let streamed = '';
      for await (const text of llm.stream(PROMPT)) streamed += text;
      expect(streamed).toBe('Paris.');
      expect(finished()).toEqual([]);

      trace.setGlobalTracerProvider(tracerProvider);
      globalMetrics.setGlobalMeterProvider(meterProvider);
      expect(await llm.generate(PROMPT)).toBe('Paris.');
      expect(callSpan().attributes['gen_ai.usage.output_tokens']).toBe(5);
      await reader.forceFlush();
      const names = metrics
        .getMetrics()
        .at(-1)!
        .scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name));
      expect(names).toContain('gen_ai.client.operation.duration');
    } finally {
      trace.disable();
      globalMetrics.disable();
      await llm.close();
    }
  });

  it('generateStructured: one span per round, the repair round included, each with its usage', async () => {
    server().enqueue(textAnswer(['{"city":']));
    server().enqueue(textAnswer(['{"city":"Paris"}']));
    const city = await traced().generateStructured(PROMPT, z.object({ city: z.string() }));
    expect(city).toEqual({ city: 'Paris' });
    const calls = finished().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(calls).toHaveLength(2);
    for (const span of calls) {
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(5);
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  TokenTracer,
  type TokenTracerOptions,
  type TracedCall,
  type Usage,
} from '../../src/index.js';
import { configErrorOf } from '../servers/capture.js';

const M = 1_000_000;

describe('TokenTracer', () => {
  it('starts empty: no calls, no tokens, nothing spent', () => {
    expect(new TokenTracer({ model: 'gpt-4o' }).summary()).toEqual({
      calls: 0,
      totalInputTokens: 0,
      totalOutputTokens: 0,
      totalTokens: 0,
      totalLatencyMs: 0,
      estimatedCostUsd: 0,
      byModel: {},
    });
  });

  it('splits byModel across two models, totals add up, and reset clears everything', () => {
    const tracer = new TokenTracer({ model: 'gpt-4o-mini' });
    tracer.record({ inputTokens: M, outputTokens: M, latencyMs: 120 });
    tracer.record({ model: 'gpt-4o', inputTokens: M, outputTokens: M, latencyMs: 80.5 });
    tracer.record({ inputTokens: 500, outputTokens: 250, latencyMs: 10 });

    const summary = tracer.summary();
    expect(summary.byModel).toEqual({
      'gpt-4o-mini': {
        calls: 2,
        inputTokens: M + 500,
        outputTokens: M + 250,
        costUsd: expect.closeTo(0.75 + (500 * 0.15 + 250 * 0.6) / M, 12),
      },
      'gpt-4o': { calls: 1, inputTokens: M, outputTokens: M, costUsd: expect.closeTo(12.5, 12) },
    });
    expect(summary).toMatchObject({
      calls: 3,
      totalInputTokens: 2 * M + 500,
      totalOutputTokens: 2 * M + 250,
      totalTokens: 4 * M + 750,
      totalLatencyMs: 210.5,
    });
    const perModel = Object.values(summary.byModel);
    expect(summary.calls).toBe(perModel.reduce((sum, m) => sum + m.calls, 0));
    expect(summary.estimatedCostUsd).toBeCloseTo(
      perModel.reduce((sum, m) => sum + (m.costUsd ?? Number.NaN), 0),
      12,
    );

    tracer.reset();
    expect(tracer.summary()).toMatchObject({
      calls: 0,
      totalTokens: 0,
      totalLatencyMs: 0,
      estimatedCostUsd: 0,
      byModel: {},
    });
  });

  it('an unknown model makes its own cost and the total null, never a silent 0', () => {
    const tracer = new TokenTracer();
    tracer.record({ model: 'gpt-4o', inputTokens: M, outputTokens: 0 });
    tracer.record({ model: 'in-house-model', inputTokens: 10, outputTokens: 10 });
    tracer.record({ inputTokens: 1, outputTokens: 1 });
    const summary = tracer.summary();
    expect(summary.byModel['gpt-4o']?.costUsd).toBeCloseTo(2.5, 12);
    expect(summary.byModel['in-house-model']?.costUsd).toBeNull();
    // No model on the call or the tracer.
    expect(summary.byModel.unknown?.costUsd).toBeNull();
    expect(summary.estimatedCostUsd).toBeNull();
    expect(summary.totalTokens).toBe(M + 22);
  });

  it('bills cache reads at the cached-input price and Anthropic cache writes at the write price', () => {
    const tracer = new TokenTracer();
    // gpt-4o-mini: 600k uncached at $0.15 + 400k cached at $0.075.
    tracer.record({
      model: 'gpt-4o-mini',
      inputTokens: M,
      cacheReadTokens: 400_000,
      outputTokens: 0,
    });
    // claude-haiku-4-5: 500k at $1 + 300k read at $0.10 + 200k written at $1.25 + 100k out at $5.
    tracer.record({
      model: 'claude-haiku-4-5-20251001',
      inputTokens: M,
      cacheReadTokens: 300_000,
      cacheWriteTokens: 200_000,
      outputTokens: 100_000,
    });
    const { byModel, estimatedCostUsd } = tracer.summary();
    expect(byModel['gpt-4o-mini']?.costUsd).toBeCloseTo(0.09 + 0.03, 12);
    expect(byModel['claude-haiku-4-5-20251001']?.costUsd).toBeCloseTo(0.5 + 0.03 + 0.25 + 0.5, 12);
    expect(estimatedCostUsd).toBeCloseTo(0.12 + 1.28, 12);
  });

  it('without a cached-input price, cache reads are billed at the input price (an upper bound)', () => {
    const tracer = new TokenTracer();
    tracer.record({ model: 'sonar', inputTokens: M, cacheReadTokens: M, outputTokens: 0 });
    expect(tracer.summary().estimatedCostUsd).toBeCloseTo(1, 12);
  });

  it('uses per-tracer price overrides without touching other tracers', () => {
    const custom = new TokenTracer({
      model: 'gpt-4o',
      prices: { 'gpt-4o': { input: 1, output: 1 }, 'in-house-model': { input: 0.5, output: 0.5 } },
    });
    const plain = new TokenTracer({ model: 'gpt-4o' });
    for (const tracer of [custom, plain]) {
      tracer.record({ inputTokens: M, outputTokens: M });
      tracer.record({ model: 'in-house-model', inputTokens: M, outputTokens: 0 });
    }
    expect(custom.summary().byModel['gpt-4o']?.costUsd).toBeCloseTo(2, 12);
    expect(custom.summary().estimatedCostUsd).toBeCloseTo(2.5, 12);
    expect(plain.summary().byModel['gpt-4o']?.costUsd).toBeCloseTo(12.5, 12);
    expect(plain.summary().estimatedCostUsd).toBeNull();
  });

  it('enabled: false records nothing', () => {
    const tracer = new TokenTracer({ model: 'gpt-4o', enabled: false });
    tracer.record({ inputTokens: 100, outputTokens: 50, latencyMs: 5 });
    tracer.recordUsage({ input: 100, output: 50, reported: true });
    expect(tracer.enabled).toBe(false);
    expect(tracer.summary()).toMatchObject({ calls: 0, totalTokens: 0, totalLatencyMs: 0 });
  });

  it('a cached call counts as a call with its latency, but adds no billed tokens', () => {
    const tracer = new TokenTracer({ model: 'in-house-model' });
    tracer.record({ inputTokens: 100, outputTokens: 50, latencyMs: 3, cached: true });
    expect(tracer.summary()).toMatchObject({
      calls: 1,
      totalTokens: 0,
      totalLatencyMs: 3,
      // Nothing was billed, so nothing is unknown either.
      estimatedCostUsd: 0,
      byModel: { 'in-house-model': { calls: 1, inputTokens: 0, outputTokens: 0, costUsd: 0 } },
    });
  });

  it('recordUsage takes the onFinish Usage, cache breakdown included', () => {
    const tracer = new TokenTracer({ model: 'gpt-4o-mini' });
    tracer.recordUsage(
      { input: M, output: 0, cacheRead: 400_000, reported: true },
      { latencyMs: 7 },
    );
    expect(tracer.summary()).toMatchObject({
      calls: 1,
      totalInputTokens: M,
      totalLatencyMs: 7,
      estimatedCostUsd: expect.closeTo(0.12, 12),
    });
  });

  it('a call whose provider reported no usage makes that model cost unknown', () => {
    const tracer = new TokenTracer({ model: 'gpt-4o' });
    tracer.recordUsage({ input: 10, output: 10, reported: true });
    tracer.recordUsage({ input: 0, output: 0, reported: false });
    expect(tracer.summary().byModel['gpt-4o']).toEqual({
      calls: 2,
      inputTokens: 10,
      outputTokens: 10,
      costUsd: null,
    });
    expect(tracer.summary().estimatedCostUsd).toBeNull();
    // A cache hit also has reported: false, but nothing was billed: that stays known.
    const cachedOnly = new TokenTracer({ model: 'gpt-4o' });
    cachedOnly.recordUsage({ input: 0, output: 0, reported: false }, { cached: true });
    expect(cachedOnly.summary().estimatedCostUsd).toBe(0);
  });

  it('rejects bad input with a ConfigError naming the field', () => {
    const tracer = new TokenTracer();
    expect(() => tracer.record({ inputTokens: -5, outputTokens: 0 })).toThrow(ConfigError);
    expect(() => tracer.record({ inputTokens: 1, outputTokens: 1, latencyMs: -1 })).toThrow(
      /latencyMs/,
    );
    expect(() => tracer.record({ inputTokens: 10, outputTokens: 0, cacheReadTokens: 11 })).toThrow(
      /cannot exceed inputTokens/,
    );
    expect(() => new TokenTracer({ prices: { x: { input: 1, output: Number.NaN } } })).toThrow(
      /prices\['x'\]\.output/,
    );
    // Nothing was recorded by the failed calls.
    expect(tracer.summary().calls).toBe(0);
  });

  it('refuses arguments that are not objects with a ConfigError naming the argument', () => {
    const named = (create: () => unknown, field: string, message: RegExp): void => {
      const error = configErrorOf(create);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    };
    const asOptions = (value: unknown) => value as TokenTracerOptions;
    named(() => new TokenTracer(asOptions(null)), 'options', /expects an options object/);
    named(
      () => new TokenTracer(asOptions('gpt-4o')),
      'options',
      /new TokenTracer\(\{ model: "gpt-4o" \}\)/,
    );
    const tracer = new TokenTracer({ model: 'gpt-4o' });
    named(() => tracer.record(null as unknown as TracedCall), 'call', /record\(call\) expects/);
    named(() => tracer.recordUsage(null as unknown as Usage), 'usage', /recordUsage\(usage\)/);
    const usage: Usage = { input: 1, output: 1, reported: true };
    named(() => tracer.recordUsage(usage, null as unknown as object), 'call', /recordUsage/);
    expect(tracer.summary().calls).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PRICES, PRICES_AS_OF, estimateCost } from '../../src/index.js';

const M = 1_000_000;

describe('estimateCost', () => {
  it('prices the issue acceptance cases: gpt-4o-mini 0.75 and gpt-4o 12.50 for 1M in + 1M out', () => {
    expect(estimateCost('gpt-4o-mini', M, M)).toBeCloseTo(0.75, 12);
    expect(estimateCost('gpt-4o', M, M)).toBeCloseTo(12.5, 12);
  });

  it('returns null for an unknown model, never 0', () => {
    expect(estimateCost('my-own-finetune', 1000, 1000)).toBeNull();
    expect(estimateCost('', 1000, 1000)).toBeNull();
    // A local model under its bare name cannot be told from an unpriced one.
    expect(estimateCost('llama3.2', 1000, 1000)).toBeNull();
  });

  it('costs 0 tokens nothing, for a known model', () => {
    expect(estimateCost('gpt-4o', 0, 0)).toBe(0);
  });

  it('resolves dated snapshots to their base model', () => {
    expect(estimateCost('gpt-4o-2024-08-06', M, M)).toBe(estimateCost('gpt-4o', M, M));
    expect(estimateCost('gpt-4o-mini-2024-07-18', M, 0)).toBeCloseTo(0.15, 12);
    // Anthropic's eight-digit dates: claude-3-5-haiku is $0.80 in / $4 out.
    expect(estimateCost('claude-3-5-haiku-20241022', M, M)).toBeCloseTo(4.8, 12);
    expect(estimateCost('claude-haiku-4-5-20251001', M, M)).toBeCloseTo(6, 12);
  });

  it('prices a -latest alias as its base model', () => {
    expect(estimateCost('claude-3-5-haiku-latest', M, M)).toBeCloseTo(4.8, 12);
    expect(estimateCost('gpt-4o-latest', M, M)).toBe(estimateCost('gpt-4o', M, M));
  });

  it('resolves Bedrock ids: version suffix, global profile, geo premium, ARN; an unlisted geo is unknown', () => {
    expect(estimateCost('anthropic.claude-haiku-4-5-20251001-v1:0', M, M)).toBeCloseTo(6, 12);
    expect(estimateCost('global.anthropic.claude-haiku-4-5-20251001-v1:0', M, M)).toBeCloseTo(
      6,
      12,
    );
    expect(estimateCost('us.anthropic.claude-haiku-4-5-20251001-v1:0', M, M)).toBeCloseTo(6.6, 12);
    expect(
      estimateCost('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-5', M, M),
    ).toBeCloseTo(12, 12);
    expect(estimateCost('amazon.nova-micro-v1:0', M, M)).toBeCloseTo(0.175, 12);
    // Other geo prefixes may carry their own premium: not silently priced at the global rate.
    expect(estimateCost('apac.anthropic.claude-haiku-4-5-20251001-v1:0', M, M)).toBeNull();
  });

  it('resolves provider prefixes (OpenRouter ids) to the listed price', () => {
    expect(estimateCost('openai/gpt-4o-mini', M, M)).toBeCloseTo(0.75, 12);
    expect(estimateCost('openai/gpt-4o', M, M)).toBeCloseTo(12.5, 12);
    expect(estimateCost('google/gemini-2.5-flash', M, M)).toBeCloseTo(2.8, 12);
    // OpenRouter writes Claude versions with dots.
    expect(estimateCost('anthropic/claude-sonnet-4.5', M, M)).toBeCloseTo(18, 12);
  });

  it('is case-insensitive', () => {
    expect(estimateCost('GPT-4o-Mini', M, M)).toBeCloseTo(0.75, 12);
    expect(estimateCost('  Claude-Haiku-4-5  ', M, 0)).toBeCloseTo(1, 12);
  });

  it('prices Ollama models (local) at 0 when written as ollama/<model>', () => {
    expect(estimateCost('ollama/llama3.2', 123_456, 7_890)).toBe(0);
  });

  it('lays `prices` over the bundled table: new models, replaced entries, snapshots, wildcards', () => {
    const prices = {
      'my-finetune': { input: 3, output: 12 },
      'gpt-4o': { input: 1, output: 2 },
      'vllm/*': { input: 0, output: 0 },
    };
    expect(estimateCost('my-finetune', M, M, prices)).toBeCloseTo(15, 12);
    expect(estimateCost('gpt-4o', M, M, prices)).toBeCloseTo(3, 12);
    expect(estimateCost('gpt-4o-2024-11-20', M, M, prices)).toBeCloseTo(3, 12);
    expect(estimateCost('vllm/qwen3-8b', M, M, prices)).toBe(0);
    // The rest of the bundled table still applies, and the bundled table itself is untouched.
    expect(estimateCost('gpt-4o-mini', M, M, prices)).toBeCloseTo(0.75, 12);
    expect(estimateCost('gpt-4o', M, M)).toBeCloseTo(12.5, 12);
  });

  it('rejects bad token counts and bad price entries with a ConfigError naming the field', () => {
    expect(() => estimateCost('gpt-4o', -1, 0)).toThrow(ConfigError);
    expect(() => estimateCost('gpt-4o', 1, Number.NaN)).toThrow(/outputTokens/);
    const bad = { 'x-model': { input: -1, output: 1 } };
    expect(() => estimateCost('x-model', 1, 1, bad)).toThrow(/prices\['x-model'\]\.input/);
  });
});

describe('the bundled price table', () => {
  it('is frozen, dated, and every entry is a sane USD-per-1M price', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.isFrozen(DEFAULT_PRICES)).toBe(true);
    for (const [id, price] of Object.entries(DEFAULT_PRICES)) {
      expect(Object.isFrozen(price), id).toBe(true);
      expect(price.input, id).toBeGreaterThanOrEqual(0);
      expect(price.output, id).toBeGreaterThanOrEqual(0);
      // A cache read is never dearer than a plain input token; a cache write never cheaper.
      if (price.cachedInput !== undefined)
        expect(price.cachedInput, id).toBeLessThanOrEqual(price.input);
      if (price.cacheWrite !== undefined)
        expect(price.cacheWrite, id).toBeGreaterThanOrEqual(price.input);
    }
  });

  // One named model per provider; DeepSeek is left out on purpose (time-of-day pricing).
  const perProvider: Array<[provider: string, model: string]> = [
    ['openai', 'gpt-4.1-mini'],
    ['azure (OpenAI model name)', 'gpt-4o'],
    ['anthropic', 'claude-sonnet-4-5-20250929'],
    ['gemini', 'gemini-2.5-pro'],
    ['cohere', 'command-r-08-2024'],
    ['mistral', 'mistral-medium-latest'],
    ['bedrock', 'anthropic.claude-opus-4-8'],
    ['groq', 'llama-3.3-70b-versatile'],
    ['openrouter', 'openai/gpt-4o-mini'],
    ['together', 'openai/gpt-oss-120b'],
    ['fireworks', 'accounts/fireworks/models/gpt-oss-120b'],
    ['perplexity', 'sonar-pro'],
    ['cerebras', 'gpt-oss-120b'],
  ];
  for (const [provider, model] of perProvider) {
    it(`has a price for ${provider}: ${model}`, () => {
      expect(estimateCost(model, M, M)).toBeGreaterThan(0);
    });
  }
  it('has no DeepSeek price (billed by time of day): cost is unknown, not 0', () => {
    expect(estimateCost('deepseek-v4-flash', M, M)).toBeNull();
  });
});

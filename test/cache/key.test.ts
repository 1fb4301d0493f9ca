import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CACHE_SCHEMA_VERSION,
  cacheKey,
  canonicalJson,
  type CacheKeyInput,
} from '../../src/cache/key.js';
import type { Message } from '../../src/index.js';

const base: CacheKeyInput = {
  provider: 'openai',
  endpoint: 'https://api.openai.com/v1/chat/completions',
  providerOptions: {},
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Hi' },
  ],
  temperature: 0.2,
  maxTokens: 1024,
  topP: undefined,
  stop: undefined,
  extraBody: undefined,
  tools: undefined,
  toolChoice: undefined,
  parallelToolCalls: undefined,
};

describe('cache key', () => {
  it('is the SHA-256 of a canonical JSON with sorted keys and the schema version', () => {
    const expected = canonicalJson({
      endpoint: base.endpoint,
      extraBody: null,
      maxTokens: 1024,
      messages: base.messages,
      model: 'gpt-4o-mini',
      parallelToolCalls: null,
      provider: 'openai',
      providerOptions: {},
      stop: null,
      temperature: 0.2,
      toolChoice: null,
      tools: null,
      topP: null,
      version: CACHE_SCHEMA_VERSION,
    });
    expect(expected.startsWith('{"endpoint":')).toBe(true);
    expect(expected).toContain(
      '"messages":[{"content":"You are a helpful assistant.","role":"system"}',
    );
    expect(cacheKey(base)).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on property order, at any depth', () => {
    const reordered: CacheKeyInput = {
      ...base,
      messages: base.messages.map(({ role, content }) => ({ content, role }) as Message),
      extraBody: { b: { y: 1, x: [{ q: 1, p: 2 }] }, a: 1 },
    };
    const ordered: CacheKeyInput = {
      ...base,
      extraBody: { a: 1, b: { x: [{ p: 2, q: 1 }], y: 1 } },
    };
    expect(cacheKey(reordered)).toBe(cacheKey(ordered));
  });

  it('changes with every field that changes the answer', () => {
    const variants: Partial<CacheKeyInput>[] = [
      { provider: 'azure' },
      { endpoint: 'https://proxy.example/v1/chat/completions' },
      { providerOptions: { region: 'eu-west-1' } },
      { model: 'gpt-4o' },
      { messages: [{ role: 'system', content: 'Be terse.' }, base.messages[1]!] },
      { messages: [base.messages[1]!] },
      { temperature: 0.3 },
      { temperature: undefined },
      { maxTokens: 1023 },
      { topP: 0.9 },
      { stop: ['\n'] },
      { stop: [] },
      { extraBody: { seed: 7 } },
      { extraBody: {} },
      // Structured output: the mode, the schema, the name and the description each count.
      { output: { mode: 'native', schema: { type: 'object' }, name: 'json' } },
      { output: { mode: 'json', schema: { type: 'object' }, name: 'json' } },
      { output: { mode: 'native', schema: { type: 'object', required: ['a'] }, name: 'json' } },
      { output: { mode: 'native', schema: { type: 'object' }, name: 'weather' } },
      {
        output: { mode: 'native', schema: { type: 'object' }, name: 'json', description: 'x' },
      },
    ];
    const keys = new Set([cacheKey(base), ...variants.map((v) => cacheKey({ ...base, ...v }))]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it('ignores properties a message carries beyond role and content', () => {
    const extra = { role: 'user' as const, content: 'Hi', id: 'ui-42' };
    expect(cacheKey({ ...base, messages: [base.messages[0]!, extra] })).toBe(cacheKey(base));
  });

  it("keeps a '__proto__' key in extraBody as data", () => {
    const withProto = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(canonicalJson(withProto)).toBe('{"__proto__":{"x":1}}');
    expect(cacheKey({ ...base, extraBody: withProto })).not.toBe(
      cacheKey({ ...base, extraBody: {} }),
    );
  });
});

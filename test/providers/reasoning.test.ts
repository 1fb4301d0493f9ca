import { describe, expect, it } from 'vitest';
import {
  BedrockLLM,
  ConfigError,
  PROVIDER_NAMES,
  type CallOptions,
  type ProviderName,
  type ReasoningOptions,
} from '../../src/index.js';
import { EVENT_STREAM_HEADERS, bedrockStreamFrames } from '../servers/bedrock.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { WIRE_TARGETS } from './media-targets.js';

type Body = Record<string, unknown>;
/** What a provider's request holds for a reasoning option, or the ConfigError's message. */
type Expectation = { sends: (body: Body) => unknown; equals: unknown } | { refuses: RegExp };

const top = (field: string) => (body: Body) => body[field];
const pick =
  (...fields: string[]) =>
  (body: Body) =>
    Object.fromEntries(fields.map((field) => [field, body[field]]));
const thinkingConfig = (body: Body) =>
  (body.generationConfig as Record<string, unknown>).thinkingConfig;
const bedrockFields = (body: Body) => ({
  fields: body.additionalModelRequestFields,
  maxTokens: (body.inferenceConfig as Record<string, unknown>).maxTokens,
});

const effortOnly = /takes a reasoning effort, not a token budget/;
const budgetOnly = /takes a thinking token budget, not an effort/;

/** `reasoning_effort` and no budget: OpenAI and most Chat Completions vendors. */
const REASONING_EFFORT_FIELD: { effort: Expectation; budget: Expectation } = {
  effort: { sends: top('reasoning_effort'), equals: 'high' },
  budget: { refuses: effortOnly },
};

/** `{ effort: 'high' }` and `{ budgetTokens: 2048 }` on every provider, as wire-formats-tools says. */
const EXPECTED: Record<ProviderName, { effort: Expectation; budget: Expectation }> = {
  openai: REASONING_EFFORT_FIELD,
  azure: REASONING_EFFORT_FIELD,
  groq: REASONING_EFFORT_FIELD,
  together: REASONING_EFFORT_FIELD,
  fireworks: REASONING_EFFORT_FIELD,
  cerebras: REASONING_EFFORT_FIELD,
  mistral: REASONING_EFFORT_FIELD,
  deepseek: {
    effort: {
      sends: pick('thinking', 'reasoning_effort'),
      equals: { thinking: { type: 'enabled' }, reasoning_effort: 'high' },
    },
    budget: { refuses: effortOnly },
  },
  openrouter: {
    effort: { sends: top('reasoning'), equals: { effort: 'high' } },
    budget: { sends: top('reasoning'), equals: { max_tokens: 2048 } },
  },
  perplexity: {
    effort: { refuses: /^perplexity has no reasoning control/ },
    budget: { refuses: /^perplexity has no reasoning control/ },
  },
  anthropic: {
    effort: {
      sends: pick('thinking', 'output_config', 'max_tokens', 'temperature'),
      equals: {
        thinking: { type: 'adaptive' },
        output_config: { effort: 'high' },
        max_tokens: 1024,
        temperature: undefined,
      },
    },
    // The default maxTokens is 1024: below the budget, so max_tokens is raised (README, Reasoning).
    budget: {
      sends: pick('thinking', 'max_tokens', 'temperature'),
      equals: {
        thinking: { type: 'enabled', budget_tokens: 2048 },
        max_tokens: 3072,
        temperature: undefined,
      },
    },
  },
  gemini: {
    effort: { sends: thinkingConfig, equals: { includeThoughts: true, thinkingLevel: 'HIGH' } },
    budget: { sends: thinkingConfig, equals: { includeThoughts: true, thinkingBudget: 2048 } },
  },
  cohere: {
    effort: { refuses: budgetOnly },
    budget: { sends: top('thinking'), equals: { type: 'enabled', token_budget: 2048 } },
  },
  ollama: { effort: { sends: top('think'), equals: 'high' }, budget: { refuses: effortOnly } },
  bedrock: {
    effort: {
      sends: bedrockFields,
      equals: {
        fields: { thinking: { type: 'adaptive' }, output_config: { effort: 'high' } },
        maxTokens: 1024,
      },
    },
    budget: {
      sends: bedrockFields,
      equals: { fields: { thinking: { type: 'enabled', budget_tokens: 2048 } }, maxTokens: 3072 },
    },
  },
};

describe('reasoning controls on every provider', () => {
  const server = useReplayServer();

  for (const provider of PROVIDER_NAMES) {
    const target = WIRE_TARGETS[provider];
    const cases: Array<[string, ReasoningOptions, Expectation]> = [
      ["{ effort: 'high' }", { effort: 'high' }, EXPECTED[provider].effort],
      ['{ budgetTokens: 2048 }', { budgetTokens: 2048 }, EXPECTED[provider].budget],
    ];
    for (const [label, reasoning, expectation] of cases) {
      if ('refuses' in expectation) {
        it(`${provider} refuses ${label} before any request`, async () => {
          const error: unknown = await target
            .create(server())
            .generate('Think.', { reasoning })
            .catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message).toMatch(expectation.refuses);
          expect(server().requests).toHaveLength(0);
        });
      } else {
        it(`${provider} sends ${label} as documented`, async () => {
          server().enqueue(target.ok());
          await target.create(server()).generate('Think.', { reasoning });
          expect(expectation.sends(server().lastRequest.json as Body)).toEqual(expectation.equals);
        });
      }
    }
  }

  it('the default temperature is left out with reasoning; an explicit one is sent', async () => {
    const target = WIRE_TARGETS.openai;
    server().always(target.ok());
    await target.create(server()).generate('a', { reasoning: { effort: 'low' } });
    expect((server().lastRequest.json as Body).temperature).toBeUndefined();
    await target.create(server()).generate('b', { reasoning: { effort: 'low' }, temperature: 1 });
    expect((server().lastRequest.json as Body).temperature).toBe(1);
  });

  it('our efforts become the nearest documented word (minimal is low on DeepSeek, medium high)', async () => {
    server().always(WIRE_TARGETS.deepseek.ok());
    const sent: unknown[] = [];
    for (const effort of ['minimal', 'medium'] as const) {
      await WIRE_TARGETS.deepseek.create(server()).generate('x', { reasoning: { effort } });
      sent.push((server().lastRequest.json as Body).reasoning_effort);
    }
    expect(sent).toEqual(['low', 'high']);
  });

  it('bad reasoning options are ConfigErrors naming the field, before any request', async () => {
    const llm = WIRE_TARGETS.openai.create(server());
    const cases: Array<[unknown, RegExp]> = [
      ['high', /reasoning must be an object/],
      [
        { effort: 'extreme' },
        /reasoning\.effort must be one of 'minimal', 'low', 'medium', 'high'/,
      ],
      [{ budgetTokens: 0 }, /reasoning\.budgetTokens must be a positive integer/],
      [{ budgetTokens: 1.5 }, /reasoning\.budgetTokens must be a positive integer/],
      [{}, /reasoning needs an effort or a budgetTokens/],
      [{ effort: 'high', budget: 5 }, /Unknown reasoning option 'budget'/],
    ];
    for (const [reasoning, message] of cases) {
      const error: unknown = await llm
        .generate('x', { reasoning } as unknown as CallOptions)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    }
    expect(server().requests).toHaveLength(0);
  });

  it('reasoning is part of the cache key', async () => {
    const target = WIRE_TARGETS.openai;
    server().always(target.ok());
    const llm = target.create(server(), { cache: true });
    await llm.generate('same', { reasoning: { effort: 'low' } });
    await llm.generate('same', { reasoning: { effort: 'low' } });
    await llm.generate('same', { reasoning: { effort: 'high' } });
    await llm.generate('same');
    expect(server().requests).toHaveLength(3);
  });

  it('OpenRouter and Gemini refuse effort and budget together', async () => {
    for (const provider of ['openrouter', 'gemini'] as const) {
      const error: unknown = await WIRE_TARGETS[provider]
        .create(server())
        .generate('x', { reasoning: { effort: 'high', budgetTokens: 2048 } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/not both/);
    }
    expect(server().requests).toHaveLength(0);
  });
});

describe('Anthropic thinking and sampling', () => {
  const server = useReplayServer();
  const anthropic = WIRE_TARGETS.anthropic;
  const sent = (): Body => server().lastRequest.json as Body;

  it('with topP and no explicit temperature, only top_p is sent', async () => {
    server().enqueue(anthropic.ok());
    await anthropic.create(server()).generate('x', { topP: 0.9 });
    expect(sent().top_p).toBe(0.9);
    expect('temperature' in sent()).toBe(false);
  });

  it('an explicit temperature (config or call) is sent beside topP: the caller asked for both', async () => {
    server().always(anthropic.ok());
    await anthropic.create(server(), { temperature: 0.5 }).generate('x', { topP: 0.9 });
    expect(sent()).toMatchObject({ temperature: 0.5, top_p: 0.9 });
    await anthropic.create(server()).generate('x', { topP: 0.9, temperature: 0.3 });
    expect(sent()).toMatchObject({ temperature: 0.3, top_p: 0.9 });
  });

  it('without topP or reasoning the default temperature is still sent', async () => {
    server().enqueue(anthropic.ok());
    await anthropic.create(server()).generate('x');
    expect(sent().temperature).toBe(0.2);
  });

  it('a budget below maxTokens keeps max_tokens; at or above it max_tokens is raised by the budget', async () => {
    server().always(anthropic.ok());
    await anthropic
      .create(server())
      .generate('x', { reasoning: { budgetTokens: 2048 }, maxTokens: 4096 });
    expect(sent()).toMatchObject({ max_tokens: 4096, thinking: { budget_tokens: 2048 } });
    await anthropic
      .create(server())
      .generate('x', { reasoning: { budgetTokens: 2048 }, maxTokens: 1024 });
    expect(sent()).toMatchObject({ max_tokens: 3072, thinking: { budget_tokens: 2048 } });
  });

  it('refuses what the API rejects with thinking, before any request', async () => {
    const cases: Array<[CallOptions, RegExp]> = [
      [{ reasoning: { budgetTokens: 512 } }, /budgetTokens of at least 1024 \(got 512\)/],
      [
        { reasoning: { effort: 'high' }, temperature: 0.5 },
        /refuses temperature 0.5 with thinking/,
      ],
      [{ reasoning: { effort: 'high' }, topP: 0.5 }, /top_p only from 0.95 to 1/],
      [
        {
          reasoning: { effort: 'high' },
          tools: { f: { inputSchema: { type: 'object' } } },
          toolChoice: { tool: 'f' },
        },
        /accepts only 'auto' or 'none'/,
      ],
    ];
    for (const [options, message] of cases) {
      const error: unknown = await anthropic
        .create(server())
        .generate('x', options)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    }
    expect(server().requests).toHaveLength(0);
  });

  it("minimal effort is Claude's lowest, low", async () => {
    server().enqueue(anthropic.ok());
    await anthropic.create(server()).generate('x', { reasoning: { effort: 'minimal' } });
    expect(sent().output_config).toEqual({ effort: 'low' });
  });
});

describe('Bedrock reasoning by model family', () => {
  const server = useReplayServer();
  const ok = () => ({
    headers: EVENT_STREAM_HEADERS,
    body: bedrockStreamFrames(['ok'], { inputTokens: 1, outputTokens: 1 }),
  });
  const make = (model: string) => new BedrockLLM({ model, apiKey: 'k', baseUrl: server().url });

  it('OpenAI models take reasoning_effort, Nova 2 reasoningConfig', async () => {
    server().always(ok());
    await make('openai.gpt-oss-120b-1:0').generate('x', { reasoning: { effort: 'medium' } });
    expect((server().lastRequest.json as Body).additionalModelRequestFields).toEqual({
      reasoning_effort: 'medium',
    });
    await make('us.amazon.nova-2-lite-v1:0').generate('x', { reasoning: { effort: 'high' } });
    expect((server().lastRequest.json as Body).additionalModelRequestFields).toEqual({
      reasoningConfig: { type: 'enabled', maxReasoningEffort: 'high' },
    });
  });

  it('a model family without a documented field refuses, pointing at extraBody', async () => {
    const error: unknown = await make('meta.llama3-70b-instruct-v1:0')
      .generate('x', { reasoning: { effort: 'high' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /no reasoning field is documented .*extraBody\.additionalModelRequestFields/,
    );
    expect(server().requests).toHaveLength(0);
  });

  it("extraBody's additionalModelRequestFields are merged with the reasoning fields", async () => {
    server().enqueue(ok());
    await make('anthropic.claude-sonnet-4-5-v1:0').generate('x', {
      reasoning: { budgetTokens: 2048 },
      extraBody: {
        additionalModelRequestFields: { anthropic_beta: ['interleaved-thinking-2025-05-14'] },
      },
    });
    expect((server().lastRequest.json as Body).additionalModelRequestFields).toEqual({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      anthropic_beta: ['interleaved-thinking-2025-05-14'],
    });
  });
});

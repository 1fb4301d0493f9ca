import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  BudgetExceededError,
  ConfigError,
  createRouter,
  OpenAILLM,
  type LLMConfigOptions,
} from '../../src/index.js';
import { periodAt } from '../../src/budget/period.js';
import { openAIStream } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const redisUrl = inject('redisUrl');
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
// $1,000 per 1M tokens, one prompt and one output token per call: $0.002 a call, five a cent.
const PRICES = { 'gpt-budget': { input: 1000, output: 1000 } };
const ONE_CENT = { usd: 0.01, period: 'day' } as const;

describe('budgets', () => {
  const server = useReplayServer();
  const closing: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((llm) => llm.close()));
  });
  const answer = (): ReturnType<typeof openAIStream> =>
    openAIStream(['ok'], { usage: { prompt_tokens: 1, completion_tokens: 1 } });
  const llm = (options: Partial<LLMConfigOptions> = {}): OpenAILLM => {
    const made = new OpenAILLM({
      model: 'gpt-budget',
      apiKey: 'sk-budget-test',
      baseUrl: `${server().url}/v1`,
      prices: PRICES,
      ...options,
    });
    closing.push(made);
    return made;
  };

  it('calls go through until the spend reaches one cent, then BudgetExceededError with no request sent', async () => {
    server().always(answer());
    const made = llm({ budget: ONE_CENT });
    for (let i = 0; i < 5; i++) expect(await made.generate('hi')).toBe('ok');
    const error = await made.generate('hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ limitUsd: 0.01, period: 'day' });
    expect((error as BudgetExceededError).spentUsd).toBeCloseTo(0.01, 9);
    expect((error as Error).message).toContain('was not sent');
    expect(server().requests).toHaveLength(5);
  });

  it('stream() is refused the same way, before any request', async () => {
    server().always(answer());
    const made = llm({ budget: { usd: 0.002, period: 'hour' } });
    await made.generate('hi');
    const pieces: string[] = [];
    const error = await (async () => {
      for await (const piece of made.stream('hi')) pieces.push(piece);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(pieces).toEqual([]);
    expect(server().requests).toHaveLength(1);
  });

  it('budgetStatus() reads spent, remaining and the end of the period', async () => {
    server().always(answer());
    const made = llm({ budget: ONE_CENT });
    await made.generate('hi');
    const status = await made.budgetStatus();
    expect(status.spentUsd).toBeCloseTo(0.002, 9);
    expect(status.remainingUsd).toBeCloseTo(0.008, 9);
    const now = new Date();
    expect(status.resetsAt).toEqual(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)),
    );
    await expect(llm().budgetStatus()).rejects.toThrow(ConfigError);
  });

  it('a model with no price and no prices: ConfigError at construction', () => {
    expect(() => new OpenAILLM({ model: 'my-own-model', apiKey: 'sk', budget: ONE_CENT })).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'prices' }),
    );
  });

  it('bad budget options name the field', () => {
    const cases: Array<[unknown, string]> = [
      [{ usd: 0, period: 'day' }, 'budget.usd'],
      [{ usd: 1, period: 'week' }, 'budget.period'],
      [{ usd: 1, period: 'day', backend: 'redis' }, 'budget.key'],
      [{ usd: 1, period: 'day', cap: 2 }, 'budget.cap'],
      ['5 dollars', 'budget'],
    ];
    for (const [budget, field] of cases) {
      expect(() => llm({ budget: budget as LLMConfigOptions['budget'] }), field).toThrow(
        expect.objectContaining({ field }),
      );
    }
  });

  it('a key shares one budget between instances in the process', async () => {
    server().always(answer());
    const budget = { ...ONE_CENT, key: `shared-${randomUUID()}` };
    const one = llm({ budget });
    const two = llm({ budget });
    for (let i = 0; i < 3; i++) await one.generate('hi');
    await two.generate('hi');
    await two.generate('hi');
    await expect(one.generate('hi')).rejects.toThrow(BudgetExceededError);
    expect(server().requests).toHaveLength(5);
  });

  it('on Redis, two clients overspend by at most the calls in flight when the cap was crossed', async () => {
    server().always({ ...answer(), headerDelayMs: 20 });
    const budget = { ...ONE_CENT, key: `redis-${randomUUID()}`, backend: 'redis' as const };
    // Two instances with their own Redis budget store each, as two processes would have.
    const clients = [llm({ budget, redisUrl }), llm({ budget, redisUrl })];
    const concurrency = 3;
    const refused: unknown[] = [];
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: concurrency }, async () => {
          for (;;) {
            try {
              await client.generate('hi');
            } catch (error) {
              refused.push(error);
              return;
            }
          }
        }),
      ),
    );
    expect(refused.every((error) => error instanceof BudgetExceededError)).toBe(true);
    const sent = server().requests.length;
    // Five calls reach the cent; at most the other callers' calls were in flight then.
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(sent).toBeLessThanOrEqual(5 + clients.length * concurrency - 1);
    const status = await clients[0]?.budgetStatus();
    expect(status?.spentUsd).toBeCloseTo(sent * 0.002, 9);
  });

  it('two Node processes sharing a Redis budget overspend by at most the calls in flight', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
    server().always({ ...answer(), headerDelayMs: 50 });
    const budget = { ...ONE_CENT, key: `process-${randomUUID()}`, backend: 'redis' as const };
    const options = {
      model: 'gpt-budget',
      apiKey: 'sk-budget-test',
      baseUrl: `${server().url}/v1`,
      prices: PRICES,
      budget,
      redisUrl,
      headers: { 'x-process': 'child' },
    };
    const concurrency = 3;
    // Each process: `concurrency` callers calling until the budget refuses; prints the refusals.
    const callers = `async (llm, BudgetExceededError) => {
      const refusals = await Promise.all(Array.from({ length: ${concurrency} }, async () => {
        for (;;) {
          try { await llm.generate('hi'); } catch (error) { return error instanceof BudgetExceededError; }
        }
      }));
      return refusals;
    }`;
    const script = `
      const { OpenAILLM, BudgetExceededError } = await import(${JSON.stringify(DIST)});
      const llm = new OpenAILLM(JSON.parse(process.env.SYNAPSEKIT_TEST_OPTIONS));
      // Both processes start their callers together: ready, then wait for the go.
      process.stderr.write('ready\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      process.stdin.destroy();
      const refusals = await (${callers})(llm, BudgetExceededError);
      await llm.close();
      process.stdout.write(JSON.stringify(refusals));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, SYNAPSEKIT_TEST_OPTIONS: JSON.stringify(options) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    const ready = new Promise<void>((resolve) =>
      child.stderr.on('data', (data: Buffer) => {
        errors += data.toString();
        if (errors.includes('ready')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const here = llm({ budget, redisUrl, headers: { 'x-process': 'parent' } });
    await Promise.race([ready, exited]);
    child.stdin.write('go\n');
    const refusedHere = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          try {
            await here.generate('hi');
          } catch (error) {
            return error instanceof BudgetExceededError;
          }
        }
      }),
    );
    expect(await exited, errors).toBe(0);
    expect([...refusedHere, ...(JSON.parse(output) as boolean[])]).toEqual(
      Array.from({ length: 2 * concurrency }, () => true),
    );
    const sent = server().requests.length;
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(sent).toBeLessThanOrEqual(5 + 2 * concurrency - 1);
    // Both processes were calling: each sent some of the requests.
    const keys = new Set(server().requests.map((request) => request.headers['x-process']));
    expect(keys).toEqual(new Set(['parent', 'child']));
    expect((await here.budgetStatus()).spentUsd).toBeCloseTo(sent * 0.002, 9);
  }, 20_000);

  it("a router budget covers every model, priced at each one's price", async () => {
    server().always(answer());
    const router = createRouter({
      models: [{ model: 'gpt-budget', apiKey: 'sk', baseUrl: `${server().url}/v1` }],
      prices: PRICES,
      budget: { usd: 0.004, period: 'month' },
    });
    closing.push(router);
    await router.generate('hi');
    await router.generate('hi');
    await expect(router.generate('hi')).rejects.toThrow(BudgetExceededError);
    expect(server().requests).toHaveLength(2);
    expect((await router.budgetStatus()).spentUsd).toBeCloseTo(0.004, 9);
  });

  it('a router moves on from a model whose own budget is spent', async () => {
    server().always(answer());
    const capped = {
      model: 'gpt-budget',
      apiKey: 'sk',
      baseUrl: `${server().url}/v1`,
      prices: PRICES,
      budget: { usd: 0.002, period: 'day' as const },
    };
    const router = createRouter({
      models: [capped, { model: 'gpt-4o-mini', apiKey: 'sk', baseUrl: `${server().url}/v1` }],
    });
    closing.push(router);
    const models: string[] = [];
    for (let i = 0; i < 2; i++)
      await router.generate('hi', { onFinish: (info) => models.push(info.model) });
    expect(models).toEqual(['gpt-budget', 'gpt-4o-mini']);
  });
});

describe('budget periods', () => {
  it('are calendar hours, days and months in UTC, and total never ends', () => {
    const at = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
    expect(periodAt('hour', at)).toEqual({ id: '2026-12-31T23', endsAt: Date.UTC(2027, 0, 1) });
    expect(periodAt('day', at)).toEqual({ id: '2026-12-31', endsAt: Date.UTC(2027, 0, 1) });
    expect(periodAt('month', at)).toEqual({ id: '2026-12', endsAt: Date.UTC(2027, 0, 1) });
    expect(periodAt('total', at)).toEqual({ id: 'total', endsAt: null });
    expect(periodAt('day', at + 1).id).toBe('2027-01-01');
  });
});

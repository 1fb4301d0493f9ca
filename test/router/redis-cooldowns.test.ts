import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createRouter, type LLMConfigOptions, type Router } from '../../src/index.js';
import { openAIError, openAIStream } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const redisUrl = inject('redisUrl');
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

describe('cooldowns on Redis', () => {
  const failing = useReplayServer();
  const healthy = useReplayServer();
  const routers: Router[] = [];
  afterEach(async () => {
    await Promise.all(routers.splice(0).map((router) => router.close()));
  });

  /** A model id of its own per test: cooldown keys are (provider, model, endpoint). */
  const models = (): LLMConfigOptions[] => {
    const id = randomUUID();
    return [
      {
        model: `gpt-failing-${id}`,
        provider: 'openai',
        apiKey: 'sk-a',
        baseUrl: `${failing().url}/v1`,
      },
      {
        model: `gpt-healthy-${id}`,
        provider: 'openai',
        apiKey: 'sk-b',
        baseUrl: `${healthy().url}/v1`,
      },
    ];
  };

  const startFailing = (): void => {
    failing().always(openAIError(500, 'The server had an error', { type: 'server_error' }));
    healthy().always(openAIStream(['fine'], { usage: { prompt_tokens: 1, completion_tokens: 1 } }));
  };

  it('a second router on the same Redis skips the model the first one cooled down', async () => {
    startFailing();
    const config = { models: models(), backend: 'redis' as const, redisUrl };
    const one = createRouter(config);
    const two = createRouter(config);
    routers.push(one, two);
    for (let i = 0; i < 3; i++) expect(await one.generate('hi')).toBe('fine');
    expect(failing().requests).toHaveLength(3);
    expect(await two.generate('hi')).toBe('fine');
    expect(failing().requests).toHaveLength(3);
  });

  it('failures of two routers add up on Redis: 2 + 1 start the cooldown', async () => {
    startFailing();
    const config = { models: models(), backend: 'redis' as const, redisUrl };
    const one = createRouter(config);
    const two = createRouter(config);
    routers.push(one, two);
    await one.generate('hi');
    await one.generate('hi');
    await two.generate('hi');
    await one.generate('hi');
    await two.generate('hi');
    expect(failing().requests).toHaveLength(3);
  });

  it('a second Node process skips the model too', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
    startFailing();
    const config = { models: models(), backend: 'redis', redisUrl };
    const parent = createRouter(config as Parameters<typeof createRouter>[0]);
    routers.push(parent);
    for (let i = 0; i < 3; i++) await parent.generate('hi');
    expect(failing().requests).toHaveLength(3);
    const script = `
      const { createRouter } = await import(${JSON.stringify(DIST)});
      const router = createRouter(JSON.parse(process.env.SYNAPSEKIT_TEST_CONFIG));
      let model;
      const text = await router.generate('child', { onFinish: (info) => (model = info.model) });
      await router.close();
      process.stdout.write(JSON.stringify({ text, model }));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, SYNAPSEKIT_TEST_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (errors += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, errors).toBe(0);
    expect(JSON.parse(output)).toEqual({ text: 'fine', model: config.models[1]?.model });
    expect(failing().requests).toHaveLength(3);
  }, 20_000);

  it('Redis down: one warning, cooldowns kept in this process', async () => {
    startFailing();
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const made = createRouter({
        models: models(),
        backend: 'redis',
        redisUrl: 'redis://127.0.0.1:1',
      });
      routers.push(made);
      for (let i = 0; i < 5; i++) expect(await made.generate('hi')).toBe('fine');
      expect(failing().requests).toHaveLength(3);
    } finally {
      console.warn = original;
    }
    expect(warnings.filter((w) => w.includes("router's cooldowns"))).toHaveLength(1);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAIChunks, openAISse, SSE_HEADERS } from '../servers/openai-chat.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { InstalledPackage, REPOSITORY } from './installed-package.js';

// A CommonJS application: require(), then one streamed call to the local server.
const MAIN_CJS = `
const { createLLM, ConfigError } = require('synapsekit');
const llm = createLLM({ model: 'gpt-4o-mini', apiKey: 'k', baseUrl: process.argv[2] });
llm.generate('Capital of France?').then(async (answer) => {
  await llm.close();
  console.log(JSON.stringify({ answer, configError: typeof ConfigError }));
});
`;

// The same from TypeScript compiled as CommonJS: types must resolve through "exports" too.
const MAIN_CTS = `
import { createLLM, type LLMConfigOptions } from 'synapsekit';
const options: LLMConfigOptions = { model: 'gpt-4o-mini', apiKey: 'k' };
export const provider: string = createLLM(options).config.provider;
`;

describe('the packed package, used from CommonJS', () => {
  const server = useReplayServer();
  let app: InstalledPackage;

  beforeAll(async () => {
    app = await InstalledPackage.create();
  }, 60_000);
  afterAll(() => app?.remove());

  it('node -e "require(\'synapsekit\')" loads it, with nothing on stderr', async () => {
    const result = await app.node([
      '-e',
      "const s = require('synapsekit'); console.log(typeof s.createLLM, typeof s.RAG)",
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('function function');
  });

  it('a .cjs file requires it and makes a call', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(
        openAIChunks(['Paris.'], { usage: { prompt_tokens: 5, completion_tokens: 2 } }),
      ),
    });
    const main = app.write('main.cjs', MAIN_CJS);
    const result = await app.node([main, `${server().url}/v1`]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ answer: 'Paris.', configError: 'function' });
  });

  it('TypeScript type-checks a CommonJS file that imports it (module nodenext)', async () => {
    const file = app.write('main.cts', MAIN_CTS);
    const tsc = join(REPOSITORY, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await app.node([
      tsc,
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'nodenext',
      '--types',
      'node',
      '--typeRoots',
      join(REPOSITORY, 'node_modules', '@types'),
      file,
    ]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 30_000);

  it('ships no install-time script, so installing the tarball prints no lifecycle warning', () => {
    const manifest = JSON.parse(
      readFileSync(join(app.directory, 'node_modules', 'synapsekit', 'package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> };
    // npm warns about (and npm 12 blocks) these in a dependency; prepack runs only when packing.
    const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(
      Object.keys(manifest.scripts ?? {}).filter((name) => installScripts.includes(name)),
    ).toEqual([]);
    expect(manifest.scripts?.prepack).toBe('npm run build');
  });
});

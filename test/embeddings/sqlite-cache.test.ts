import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddings, type Logger } from '../../src/index.js';
import { float32VectorFor, openAIEmbeddingsReply } from '../servers/embeddings.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const run = promisify(execFile);
const replay = useReplayServer();
const KEY = 'sk-embeddings-sqlite-SECRET-5e1c7a9b';

let directory: string | undefined;
afterEach(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

/** Runs the fixture in its own Node process and returns what it printed. */
async function embedInProcess(
  file: string,
  texts: string[],
): Promise<{ requests: number; vectors: number[][] }> {
  const { stdout } = await run(
    'node_modules/.bin/vite-node',
    ['test/embeddings/fixtures/embed-process.ts'],
    {
      env: {
        ...process.env,
        CACHE_PATH: file,
        BASE_URL: `${replay().url}/v1`,
        API_KEY: KEY,
        TEXTS: JSON.stringify(texts),
      },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    requests: number;
    vectors: number[][];
  };
}

describe('embeddings cache on SQLite', () => {
  it('a second process embedding the same 1,000 texts sends no request', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    directory = mkdtempSync(join(tmpdir(), 'synapsekit-embeddings-'));
    const file = join(directory, 'cache.db');
    const corpus = Array.from({ length: 1000 }, (_, index) => `document ${index} of the corpus`);

    const first = await embedInProcess(file, corpus);
    expect(first.requests).toBe(1);
    expect(first.vectors).toEqual(corpus.map(float32VectorFor));
    expect(replay().requests).toHaveLength(1);

    const second = await embedInProcess(file, corpus);
    expect(second.requests).toBe(0);
    expect(second.vectors).toEqual(first.vectors);
    expect(replay().requests).toHaveLength(1);

    // Vectors have their own table beside the response cache's; no key or text is stored.
    const db = new Database(file, { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    expect(tables).toContain('synapsekit_embeddings_v1');
    const rows = db.prepare('SELECT key, entry FROM synapsekit_embeddings_v1').all() as Array<{
      key: string;
      entry: string;
    }>;
    db.close();
    expect(rows).toHaveLength(1000);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain('document 1 of');
  }, 120_000);

  it('a broken SQLite file: texts embedded uncached, one warning through the configured logger', async () => {
    directory = mkdtempSync(join(tmpdir(), 'synapsekit-embeddings-'));
    const broken = join(directory, 'not-a-database.db');
    writeFileSync(broken, 'this is not an SQLite file '.repeat(200));
    replay().always(openAIEmbeddingsReply('openai'));
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => warnings.push(message),
      error: () => undefined,
    };
    const model = createEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: KEY,
      baseUrl: `${replay().url}/v1`,
      cache: true,
      cacheBackend: 'sqlite',
      cachePath: broken,
      logger,
    });
    try {
      for (let call = 0; call < 2; call++) {
        expect(await model.embed(['alpha', 'beta'])).toHaveLength(2);
      }
    } finally {
      await model.close();
    }
    expect(replay().requests).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Texts are embedded uncached');
    expect(warnings[0]).toContain(broken);
    expect(warnings[0]).not.toContain(KEY);
    expect(readFileSync(broken, 'utf8')).toBe('this is not an SQLite file '.repeat(200));
  });
});

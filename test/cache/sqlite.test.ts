import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSqliteDriver, SQLITE_BUSY_TIMEOUT_MS } from '../../src/cache/sqlite.js';
import { ConfigError, type OpenAILLM } from '../../src/index.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { API_KEY, cachedLLM, tempDirectory, echo } from './helpers.js';

const run = promisify(execFile);

describe('SQLite cache backend', () => {
  const server = useReplayServer();
  let directory: ReturnType<typeof tempDirectory>;
  let file: string;
  const open: OpenAILLM[] = [];
  const sqlite = (options: Parameters<typeof cachedLLM>[1] = {}): OpenAILLM => {
    const llm = cachedLLM(server(), { cacheBackend: 'sqlite', cachePath: file, ...options });
    open.push(llm);
    return llm;
  };

  beforeEach(() => {
    server().always(echo);
    directory = tempDirectory();
    file = join(directory.path, 'nested', 'cache.db');
  });
  afterEach(async () => {
    for (const llm of open.splice(0)) await llm.close();
    vi.restoreAllMocks();
    directory.remove();
  });

  it('creates the file on first use; a new instance on it answers from cache with no request', async () => {
    const first = sqlite();
    expect(existsSync(file)).toBe(false);
    expect(await first.generate('What is WAL?')).toBe('echo:What is WAL?');
    expect(existsSync(file)).toBe(true);
    await first.close();

    const second = sqlite();
    expect(second.cacheStats).toEqual({ hits: 0, misses: 0, size: 1 });
    expect(await second.generate('What is WAL?')).toBe('echo:What is WAL?');
    expect(server().requests).toHaveLength(1);
    expect(second.cacheStats).toEqual({ hits: 1, misses: 0, size: 1 });
  });

  it('never writes the API key to the file (which does hold the answer)', async () => {
    const llm = sqlite();
    await llm.generate('secret test');
    await llm.close();
    // close() checkpointed and removed the WAL: everything is in the main file now.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const bytes = readFileSync(file);
    expect(bytes.includes('echo:secret test')).toBe(true);
    expect(bytes.includes(API_KEY)).toBe(false);
    expect(bytes.includes(API_KEY.slice(-12))).toBe(false);
  });

  it('shares entries between instances with separate connections, whatever their API keys', async () => {
    const first = sqlite();
    const second = sqlite({ apiKey: 'sk-another-key' });
    await first.generate('from first');
    expect(await second.generate('from first')).toBe('echo:from first');
    await second.generate('from second');
    expect(await first.generate('from second')).toBe('echo:from second');
    expect(server().requests).toHaveLength(2);
    expect(first.cacheStats).toEqual({ hits: 1, misses: 1, size: 2 });
    expect(second.cacheStats).toEqual({ hits: 1, misses: 1, size: 2 });
  });

  it('is safe with two processes on one file', async () => {
    const child = (name: string, prompts: string[]) =>
      run('node_modules/.bin/vite-node', ['test/cache/fixtures/sqlite-process.ts'], {
        env: {
          ...process.env,
          CACHE_PATH: file,
          BASE_URL: `${server().url}/v1`,
          API_KEY,
          PROMPTS: JSON.stringify(prompts),
        },
        timeout: 60_000,
      }).then(({ stdout }) => ({
        name,
        ...(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
          answers: Record<string, string>;
        }),
      }));
    const prompts = (name: string): string[] =>
      Array.from({ length: 8 }, (_, index) => `${name}-${index}`);
    const results = await Promise.all([
      child('a', [...prompts('a'), ...prompts('shared')]),
      child('b', [...prompts('b'), ...prompts('shared')]),
    ]);
    for (const result of results) {
      for (const [prompt, text] of Object.entries(result.answers))
        expect(text).toBe(`echo:${prompt}`);
      expect(Object.keys(result.answers)).toHaveLength(16);
    }

    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const stored = (
      db.prepare('SELECT entry FROM synapsekit_cache_v2').pluck().all() as string[]
    ).map((entry) =>
      (JSON.parse(entry) as { events: Array<{ text: string }> }).events
        .map((event) => event.text)
        .join(''),
    );
    db.close();
    // Both processes wrote (a write that met the other's lock for over 50 ms is skipped, by design).
    expect(stored.some((text) => text.startsWith('echo:a-'))).toBe(true);
    expect(stored.some((text) => text.startsWith('echo:b-'))).toBe(true);

    // What they stored, a third instance replays correctly without a request.
    const before = server().requests.length;
    const reader = sqlite();
    for (const text of stored) expect(await reader.generate(text.slice('echo:'.length))).toBe(text);
    expect(server().requests.length).toBe(before);
  });

  it('treats a lock held by another connection as a miss: no wait beyond the busy timeout, no warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const llm = sqlite();
    await llm.generate('warm');

    const locker = new Database(file);
    locker.exec("BEGIN IMMEDIATE; INSERT INTO synapsekit_cache_v2 VALUES ('x', 'x', 0, NULL);");
    try {
      // WAL: reads go on while another connection writes.
      expect(await sqlite().generate('warm')).toBe('echo:warm');
      const started = Date.now();
      expect(await llm.generate('new')).toBe('echo:new');
      expect(Date.now() - started).toBeGreaterThanOrEqual(SQLITE_BUSY_TIMEOUT_MS - 5);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(server().requests).toHaveLength(2);
    // The locked write was skipped, so the next call asks again, and that answer is stored.
    await llm.generate('new');
    await llm.generate('new');
    expect(server().requests).toHaveLength(3);
    expect(warn).not.toHaveBeenCalled();
  });

  it('honours cacheTtl and prunes expired rows', async () => {
    const llm = sqlite({ cacheTtl: 0.2 });
    await llm.generate('short');
    expect(llm.cacheStats?.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(llm.cacheStats?.size).toBe(0);
    await llm.generate('short');
    expect(server().requests).toHaveLength(2);
    await llm.close();
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT count(*) FROM synapsekit_cache_v2').pluck().get();
    db.close();
    expect(rows).toBe(1);
  });

  it('a broken file degrades to misses with one warning, and is left as it was', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken = join(directory.path, 'not-a-database.db');
    writeFileSync(broken, 'this is not an SQLite file '.repeat(200));
    const llm = sqlite({ cachePath: broken });
    for (const prompt of ['a', 'b', 'a']) expect(await llm.generate(prompt)).toBe(`echo:${prompt}`);
    expect(server().requests).toHaveLength(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(broken);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain(API_KEY);
    expect(llm.cacheStats).toEqual({ hits: 0, misses: 3, size: 0 });
    expect(readFileSync(broken, 'utf8')).toBe('this is not an SQLite file '.repeat(200));
  });

  it('stores failing while reads work (a full disk): one warning per outage, not one per call', async () => {
    const llm = sqlite();
    await llm.generate('warm-up'); // creates the file and its table
    // A trigger stands in for the full disk: every store fails with a real SQLite error, while
    // reads go on working (each call is a miss that reads successfully first).
    const db = new Database(file);
    const fillDisk = (): void => {
      db.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON synapsekit_cache_v2
        BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      fillDisk();
      for (let call = 0; call < 50; call++) await llm.generate(`during the outage ${call}`);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('could not store');
      expect(String(warn.mock.calls[0]?.[0])).toContain('database or disk is full');

      // Space again: the next store succeeds and ends the outage; the next one warns again.
      db.exec('DROP TRIGGER disk_full');
      await llm.generate('after the outage');
      fillDisk();
      for (let call = 0; call < 5; call++) await llm.generate(`second outage ${call}`);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(await llm.generate('after the outage')).toBe('echo:after the outage');
      expect(server().requests).toHaveLength(1 + 50 + 1 + 5);
    } finally {
      db.close();
    }
  });

  it('close() releases the file; the closed instance refuses calls, a new one opens the file again', async () => {
    const llm = sqlite();
    await llm.generate('q');
    await llm.close();
    await llm.close(); // twice is fine
    expect(existsSync(`${file}-wal`)).toBe(false);
    // Reopening the file behind the caller's back is what close() must not allow.
    await expect(llm.generate('q')).rejects.toBeInstanceOf(ConfigError);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(await sqlite().generate('q')).toBe('echo:q');
    expect(server().requests).toHaveLength(1);
  });

  it('names the package in a ConfigError when the driver is missing', async () => {
    const error = await loadSqliteDriver('better-sqlite3-not-installed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("'better-sqlite3'");
    expect((error as ConfigError).message).toContain('npm install better-sqlite3');
  });
});

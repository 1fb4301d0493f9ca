import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { missingPackageError, requireInstalled, SQLITE_PACKAGE } from '../optional-packages.js';
import type { CacheBackend } from './backend.js';
import { defaultFormat, type CachedResponse, type EntryFormat } from './entry.js';

type Driver = typeof BetterSqlite3;
type Database = BetterSqlite3.Database;

/**
 * The driver is synchronous, so every lock wait blocks the event loop: wait at most this long,
 * then treat the entry as a miss (read) or skip storing it (write).
 */
export const SQLITE_BUSY_TIMEOUT_MS = 50;

/**
 * One table per entry format (`EntryFormat.table`). Entries are keyed by a hash that already
 * includes the schema version; the table name changes only if the row format does.
 */
function schema(table: string): string {
  return `
  CREATE TABLE IF NOT EXISTS ${table} (
    key TEXT PRIMARY KEY,
    entry TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS ${table}_expiry
    ON ${table} (expires_at) WHERE expires_at IS NOT NULL;
`;
}

interface Statements {
  read: BetterSqlite3.Statement<[string, number], string>;
  write: (key: string, entry: string, now: number) => void;
  count: BetterSqlite3.Statement<[number], number>;
}

interface Connection {
  db: Database;
  statements: Statements;
}

/**
 * A cache file shared by every process that points at it: WAL lets readers run while one
 * process writes, and a lock held too long by another process is a miss, never a wait.
 */
export class SqliteCacheBackend<Entry = CachedResponse> implements CacheBackend<Entry> {
  readonly description: string;
  readonly #path: string;
  readonly #ttlMs: number | undefined;
  readonly #format: EntryFormat<Entry>;
  #connection: Connection | undefined;
  #lastSize = 0;

  /** @throws ConfigError when better-sqlite3 is not installed (it is loaded on first use). */
  constructor(
    path: string,
    ttlSeconds: number | undefined,
    format: EntryFormat<Entry> = defaultFormat(),
  ) {
    requireInstalled(SQLITE_PACKAGE);
    this.#path = path;
    this.#format = format;
    this.#ttlMs = ttlSeconds === undefined ? undefined : Math.ceil(ttlSeconds * 1000);
    this.description = `SQLite cache at ${path}`;
  }

  async get(key: string): Promise<Entry | undefined> {
    const connection = this.#open(await loadSqliteDriver());
    if (!connection) return undefined;
    try {
      const entry = connection.statements.read.get(key, Date.now());
      return entry === undefined ? undefined : this.#format.parse(entry);
    } catch (error) {
      if (isBusy(error)) return undefined;
      throw error;
    }
  }

  async set(key: string, entry: Entry): Promise<void> {
    const connection = this.#open(await loadSqliteDriver());
    if (!connection) return;
    try {
      connection.statements.write(key, this.#format.serialize(entry), Date.now());
    } catch (error) {
      // Another process holds the write lock: this answer simply is not stored.
      if (isBusy(error)) return;
      throw error;
    }
  }

  get size(): number {
    // Before the first call the driver may not be loaded; an existing file is still counted.
    if (!this.#connection && (!loadedDriver || !existsSync(this.#path))) return this.#lastSize;
    try {
      const connection = loadedDriver ? this.#open(loadedDriver) : undefined;
      if (connection) this.#lastSize = connection.statements.count.get(Date.now()) ?? 0;
    } catch {
      // A getter must not throw; a busy or broken file keeps the last count.
    }
    return this.#lastSize;
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    connection?.db.close();
  }

  /** Open the file on first use; undefined when another process holds a lock right now. */
  #open(Driver: Driver): Connection | undefined {
    if (this.#connection) return this.#connection;
    const directory = dirname(resolve(this.#path));
    if (!existsSync(directory)) mkdirSync(directory, { recursive: true });
    const db = new Driver(this.#path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
      // Safe with WAL: a crash can lose the last writes, never corrupt the file. Fine for a cache.
      db.pragma('synchronous = NORMAL');
      db.exec(schema(this.#format.table));
      this.#connection = { db, statements: prepare(db, this.#ttlMs, this.#format.table) };
      return this.#connection;
    } catch (error) {
      db.close();
      if (isBusy(error)) return undefined;
      throw error;
    }
  }
}

function prepare(db: Database, ttlMs: number | undefined, table: string): Statements {
  const read = db
    .prepare<[string, number], string>(
      `SELECT entry FROM ${table}
        WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)`,
    )
    .pluck();
  const upsert = db.prepare<[string, string, number, number | null]>(
    `INSERT OR REPLACE INTO ${table} (key, entry, created_at, expires_at)
      VALUES (?, ?, ?, ?)`,
  );
  const prune = db.prepare<[number]>(
    `DELETE FROM ${table} WHERE expires_at IS NOT NULL AND expires_at <= ?`,
  );
  const count = db
    .prepare<[number], number>(
      `SELECT count(*) FROM ${table} WHERE expires_at IS NULL OR expires_at > ?`,
    )
    .pluck();
  // One short write transaction: store the entry and drop expired ones, so the file stays bounded by the TTL.
  const write = db.transaction((key: string, entry: string, now: number) => {
    upsert.run(key, entry, now, ttlMs === undefined ? null : now + ttlMs);
    prune.run(now);
  });
  return { read, write: (key, entry, now) => write.immediate(key, entry, now), count };
}

/** SQLITE_BUSY and its variants (e.g. SQLITE_BUSY_SNAPSHOT): another connection holds a lock. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

let loadedDriver: Driver | undefined;

/**
 * Load better-sqlite3 on first use: it is an optional peer dependency, so users of the other
 * backends never need its native build. `moduleName` exists only to test the missing case.
 */
export async function loadSqliteDriver(moduleName = 'better-sqlite3'): Promise<Driver> {
  if (loadedDriver && moduleName === 'better-sqlite3') return loadedDriver;
  let driver: Driver;
  try {
    const module = (await import(moduleName)) as { default?: Driver };
    if (typeof module.default !== 'function')
      throw new Error(`${moduleName} has no default export`);
    driver = module.default;
  } catch (error) {
    throw missingPackageError(SQLITE_PACKAGE, error);
  }
  if (moduleName === 'better-sqlite3') loadedDriver = driver;
  return driver;
}

import { IOREDIS_FOR_CACHE, requireInstalled } from '../optional-packages.js';
import { acquireRedis, redisUrlForMessages, waitUntilReady, type RedisHandle } from '../redis.js';
import type { CacheBackend } from './backend.js';
import { defaultFormat, RESPONSE_FORMAT, type CachedResponse, type EntryFormat } from './entry.js';

/** Every key this library writes for the response cache starts with this (v2 = the entry format version). */
export const REDIS_CACHE_PREFIX = RESPONSE_FORMAT.redisPrefix;

/** How long the first call waits for a fresh connection before treating Redis as down. */
const FIRST_CONNECT_WAIT_MS = 1_000;

/**
 * Answers shared by every process and machine that uses the same Redis. Entries are
 * `<prefix><sha256>` strings holding JSON; a sorted set `<prefix>index` (member = key hash,
 * score = expiry time) lets `size` count live entries without scanning the whole database.
 */
export class RedisCacheBackend<Entry = CachedResponse> implements CacheBackend<Entry> {
  readonly description: string;
  readonly #url: string;
  readonly #ttlMs: number | undefined;
  readonly #prefix: string;
  readonly #format: EntryFormat<Entry>;
  #handle: Promise<RedisHandle> | undefined;
  #size = 0;

  /**
   * `prefix` defaults to the format's own.
   *
   * @throws ConfigError when ioredis is not installed (it is loaded on first use).
   */
  constructor(
    url: string,
    ttlSeconds: number | undefined,
    prefix?: string,
    format: EntryFormat<Entry> = defaultFormat(),
  ) {
    requireInstalled(IOREDIS_FOR_CACHE);
    this.#url = url;
    this.#ttlMs = ttlSeconds === undefined ? undefined : Math.ceil(ttlSeconds * 1000);
    this.#format = format;
    this.#prefix = prefix ?? format.redisPrefix;
    this.description = `Redis cache at ${redisUrlForMessages(url)}`;
  }

  async get(key: string): Promise<Entry | undefined> {
    const handle = await this.#connection();
    const raw = await handle.run(async (client) => {
      const [[readError, value], [countError, count]] = (await client
        .pipeline()
        .get(this.#prefix + key)
        .zcount(this.#indexKey, Date.now(), '+inf')
        .exec()) as [[Error | null, string | null], [Error | null, number]];
      // A pipeline resolves with each command's error; thrown here, run() sees a timeout.
      if (readError) throw readError;
      if (!countError) this.#size = count;
      return value;
    });
    return raw === null ? undefined : this.#format.parse(raw);
  }

  async set(key: string, value: Entry): Promise<void> {
    const handle = await this.#connection();
    const now = Date.now();
    const entry = this.#format.serialize(value);
    const count = await handle.run(async (client) => {
      const transaction = client.multi();
      if (this.#ttlMs === undefined) transaction.set(this.#prefix + key, entry);
      else transaction.set(this.#prefix + key, entry, 'PX', this.#ttlMs);
      const results = await transaction
        .zadd(this.#indexKey, this.#ttlMs === undefined ? '+inf' : now + this.#ttlMs, key)
        .zremrangebyscore(this.#indexKey, '-inf', now)
        .zcard(this.#indexKey)
        .exec();
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
      return results?.at(-1)?.[1];
    });
    if (typeof count === 'number') this.#size = count;
  }

  get size(): number {
    return this.#size;
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle) await (await handle.catch(() => undefined))?.release();
  }

  get #indexKey(): string {
    return `${this.#prefix}index`;
  }

  /** The shared connection (its first use waits up to a second for it); see RedisHandle.run. */
  async #connection(): Promise<RedisHandle> {
    if (!this.#handle) {
      const acquiring = acquireRedis(this.#url, IOREDIS_FOR_CACHE).then(async (handle) => {
        // Not ready in time, or refused: the command that follows fails and is reported as a
        // miss; later calls find the connection that ioredis keeps retrying in the background.
        await waitUntilReady(handle.client, FIRST_CONNECT_WAIT_MS).catch(() => undefined);
        return handle;
      });
      // A missing ioredis (ConfigError) must be reported again on the next call, not cached.
      acquiring.catch(() => {
        if (this.#handle === acquiring) this.#handle = undefined;
      });
      this.#handle = acquiring;
    }
    return this.#handle;
  }
}

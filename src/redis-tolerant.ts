import type { Redis } from 'ioredis';
import { ConfigError } from './errors.js';
import type { OptionalPackage } from './optional-packages.js';
import { acquireRedis, waitUntilReady, type RedisHandle } from './redis.js';

/**
 * A Redis connection for state that must never fail a call (rate-limit buckets, budgets,
 * cooldowns): connected on first use, and while Redis cannot be reached each command gives
 * undefined, the caller keeps its state in memory, and `warn` is told (the caller warns once).
 * A missing ioredis is a setup mistake, not an outage: its ConfigError reaches the caller.
 */
export class TolerantRedis {
  readonly #url: string;
  readonly #neededBy: OptionalPackage;
  readonly #warn: (error: unknown) => void;
  #connection: Promise<RedisHandle | undefined> | undefined;

  constructor(url: string, neededBy: OptionalPackage, warn: (error: unknown) => void) {
    this.#url = url;
    this.#neededBy = neededBy;
    this.#warn = warn;
  }

  /** Run commands, or undefined when Redis cannot be asked. */
  async run<T>(commands: (client: Redis) => Promise<T>): Promise<T | undefined> {
    const handle = await this.#connect();
    if (!handle) return undefined;
    try {
      return await handle.run(commands);
    } catch (error) {
      this.#warn(error);
      return undefined;
    }
  }

  /** Give the shared connection back; a later command connects again. */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    await (await connection)?.release();
  }

  /** Connect once; a Redis that is not ready within a second is reported and skipped. */
  #connect(): Promise<RedisHandle | undefined> {
    this.#connection ??= (async () => {
      const handle = await acquireRedis(this.#url, this.#neededBy);
      try {
        await waitUntilReady(handle.client);
      } catch (error) {
        // Keep the handle: ioredis reconnects in the background and later calls use it.
        this.#warn(error);
      }
      return handle;
    })().catch((error: unknown) => {
      this.#connection = undefined;
      if (error instanceof ConfigError) throw error;
      this.#warn(error);
      return undefined;
    });
    return this.#connection;
  }
}

import type { Redis, RedisOptions } from 'ioredis';
import { missingPackageError, type OptionalPackage } from './optional-packages.js';

/** A shared Redis connection; call `release()` once when done with it. */
export interface RedisHandle {
  readonly client: Redis;
  /**
   * Run commands on the connection, or fail at once when it cannot answer them: it is not
   * connected, or a command timed out less than REDIS_PAUSE_AFTER_TIMEOUT_MS ago. Callers
   * treat a failure as Redis being down (a cache miss, the in-memory bucket).
   */
  run<T>(commands: (client: Redis) => Promise<T>): Promise<T>;
  release(): Promise<void>;
}

interface PooledConnection {
  client: Redis;
  refs: number;
  /** Until when (Date.now() ms) commands are not sent, after one timed out. */
  pausedUntil: number;
}

// One connection per URL for the whole process: the cache and the rate limiter of every LLM
// instance share it, so a thousand instances do not open a thousand sockets.
const pool = new Map<string, PooledConnection>();

/** Every command gives up after this long, so a slow or stuck Redis never hangs a call. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * After a command times out, the connection is skipped for this long. A Redis that is
 * connected but not answering (a long script, a stuck disk, a dead peer) otherwise costs
 * every call one timeout per command: the cache read, the cache write and the rate limiter,
 * 1.5 s in all. Paused, it costs one timeout per pause for the whole process.
 */
export const REDIS_PAUSE_AFTER_TIMEOUT_MS = 5_000;

const CONNECTION_OPTIONS: RedisOptions = {
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  connectTimeout: 1_000,
  // Fail commands at once while disconnected instead of queueing them: callers fall back
  // (cache miss, in-memory bucket) rather than wait.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  // Keep trying to reconnect in the background, at most every 2 s.
  retryStrategy: (times) => Math.min(times * 200, 2_000),
  lazyConnect: false,
  // disconnect() ends the socket, then destroys it if it has not closed after this long. Its
  // timer is only cleared by the socket's 'close', which a socket that already closed (Redis
  // down, reconnecting) never emits again: with the default 2 s, a process whose Redis was
  // unreachable lived on for 2 s after close(). disconnect() drops pending replies anyway.
  disconnectTimeout: 0,
};

/**
 * Acquire the process-wide connection for `url` (ioredis is loaded on first use).
 * `neededBy` says which option asked for Redis, for the error when ioredis is missing.
 */
export async function acquireRedis(url: string, neededBy: OptionalPackage): Promise<RedisHandle> {
  let pooled = pool.get(url);
  if (!pooled) {
    const RedisClass = await loadIoredis(neededBy);
    // Another caller may have created it while ioredis was loading.
    pooled = pool.get(url);
    if (!pooled) {
      const client = new RedisClass(url, CONNECTION_OPTIONS);
      // Errors surface on the commands that fail; an unhandled 'error' event would crash the process.
      client.on('error', () => undefined);
      pooled = { client, refs: 0, pausedUntil: 0 };
      pool.set(url, pooled);
    }
  }
  pooled.refs++;
  const entry = pooled;
  let released = false;
  return {
    client: entry.client,
    run: (commands) => runCommands(entry, commands),
    release: async () => {
      if (released) return;
      released = true;
      entry.refs--;
      if (entry.refs === 0 && pool.get(url) === entry) {
        pool.delete(url);
        entry.client.disconnect();
      }
    },
  };
}

async function runCommands<T>(
  entry: PooledConnection,
  commands: (client: Redis) => Promise<T>,
): Promise<T> {
  const { client } = entry;
  if (client.status !== 'ready') throw new Error(`not connected (status: ${client.status})`);
  const pausedFor = entry.pausedUntil - Date.now();
  if (pausedFor > 0) {
    throw new Error(
      `a command timed out after ${REDIS_COMMAND_TIMEOUT_MS} ms; Redis is skipped for another ${pausedFor} ms`,
    );
  }
  try {
    return await commands(client);
  } catch (error) {
    // ioredis's commandTimeout rejects with exactly this message.
    if (error instanceof Error && error.message === 'Command timed out') {
      entry.pausedUntil = Date.now() + REDIS_PAUSE_AFTER_TIMEOUT_MS;
    }
    throw error;
  }
}

/**
 * Wait until the connection is ready (for a first-use check). Rejects at the connection's
 * first error (Redis down is not worth waiting for) or after `timeoutMs`; either way nothing
 * is left behind, so a process whose Redis is down can still exit at once.
 */
export async function waitUntilReady(client: Redis, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis was not ready within ${timeoutMs} ms (status: ${client.status}).`));
    }, timeoutMs);
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
    };
    client.on('ready', onReady);
    client.on('error', onError);
  });
}

type RedisConstructor = new (url: string, options: RedisOptions) => Redis;

async function loadIoredis(neededBy: OptionalPackage): Promise<RedisConstructor> {
  try {
    const module = (await import('ioredis')) as unknown as {
      Redis?: RedisConstructor;
      default?: RedisConstructor;
    };
    const RedisClass = module.Redis ?? module.default;
    if (!RedisClass) throw new Error('ioredis has no Redis export');
    return RedisClass;
  } catch (error) {
    throw missingPackageError(neededBy, error);
  }
}

/** A Redis URL fit for warnings: user name and password removed (URLs may carry them). */
export function redisUrlForMessages(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the configured redisUrl';
  }
}

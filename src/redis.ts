import type { Redis, RedisOptions } from 'ioredis';
import { missingPackageError, type OptionalPackage } from './optional-packages.js';

/** A shared Redis connection; call `release()` once when done with it. */
export interface RedisHandle {
  readonly client: Redis;
  release(): Promise<void>;
}

interface PooledConnection {
  client: Redis;
  refs: number;
}

// One connection per URL for the whole process: the cache and the rate limiter of every LLM
// instance share it, so a thousand instances do not open a thousand sockets.
const pool = new Map<string, PooledConnection>();

/** Every command gives up after this long, so a slow or stuck Redis never hangs a call. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

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
      pooled = { client, refs: 0 };
      pool.set(url, pooled);
    }
  }
  pooled.refs++;
  const entry = pooled;
  let released = false;
  return {
    client: entry.client,
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

/** Wait until the connection is ready, or reject after `timeoutMs` (for a first-use check). */
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
    const cleanup = (): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
    };
    client.on('ready', onReady);
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

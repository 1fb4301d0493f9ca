import type { LLMConfig } from '../config.js';
import type { CacheBackend } from './backend.js';
import { defaultFormat, type CachedResponse, type EntryFormat } from './entry.js';
import { MemoryCacheBackend } from './memory.js';
import { RedisCacheBackend } from './redis.js';
import { SqliteCacheBackend } from './sqlite.js';

/**
 * The backend the config asks for, for entries of `format` (default: responses). Nothing is
 * opened until the first call.
 */
export function createCacheBackend<Entry = CachedResponse>(
  config: LLMConfig,
  format: EntryFormat<Entry> = defaultFormat(),
): CacheBackend<Entry> {
  switch (config.cacheBackend) {
    case 'memory':
      return new MemoryCacheBackend(config.cacheMaxsize, config.cacheTtl, format);
    case 'sqlite':
      return new SqliteCacheBackend(config.cachePath, config.cacheTtl, format);
    case 'redis':
      return new RedisCacheBackend(config.redisUrl, config.cacheTtl, undefined, format);
  }
}

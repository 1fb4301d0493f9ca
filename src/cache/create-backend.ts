import type { LLMConfig } from '../config.js';
import type { CacheBackend } from './backend.js';
import { MemoryCacheBackend } from './memory.js';
import { RedisCacheBackend } from './redis.js';
import { SqliteCacheBackend } from './sqlite.js';

/** The backend the config asks for. Nothing is opened until the first call. */
export function createCacheBackend(config: LLMConfig): CacheBackend {
  switch (config.cacheBackend) {
    case 'memory':
      return new MemoryCacheBackend(config.cacheMaxsize, config.cacheTtl);
    case 'sqlite':
      return new SqliteCacheBackend(config.cachePath, config.cacheTtl);
    case 'redis':
      return new RedisCacheBackend(config.redisUrl, config.cacheTtl);
  }
}

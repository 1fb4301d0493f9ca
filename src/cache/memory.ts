import { LRUCache } from 'lru-cache';
import type { CacheBackend, CachedResponse } from './backend.js';

/** An in-process LRU of `maxsize` answers, per LLM instance; entries expire after `ttlSeconds`. */
export class MemoryCacheBackend implements CacheBackend {
  readonly description = 'memory cache';
  readonly #entries: LRUCache<string, CachedResponse>;
  readonly #expires: boolean;

  constructor(maxsize: number, ttlSeconds: number | undefined) {
    this.#expires = ttlSeconds !== undefined;
    this.#entries = new LRUCache<string, CachedResponse>({
      max: maxsize,
      ...(ttlSeconds !== undefined ? { ttl: Math.ceil(ttlSeconds * 1000) } : {}),
    });
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, value: CachedResponse): Promise<void> {
    this.#entries.set(key, value);
  }

  get size(): number {
    // Expired entries stay until touched; drop them so the count is what a lookup would find.
    if (this.#expires) this.#entries.purgeStale();
    return this.#entries.size;
  }

  async close(): Promise<void> {}
}

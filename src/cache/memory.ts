import { LRU } from 'tiny-lru';
import type { CacheBackend } from './backend.js';
import { frozenCopy, type CachedResponse } from './entry.js';

/**
 * An in-process LRU of `maxsize` answers, per LLM instance; entries expire after `ttlSeconds`.
 * tiny-lru is an exact LRU (never more than `maxsize` entries) in one small file, which keeps
 * the core install small.
 */
export class MemoryCacheBackend implements CacheBackend {
  readonly description = 'memory cache';
  readonly #entries: LRU<CachedResponse>;
  readonly #expires: boolean;

  constructor(maxsize: number, ttlSeconds: number | undefined) {
    this.#expires = ttlSeconds !== undefined;
    this.#entries = new LRU<CachedResponse>(
      maxsize,
      ttlSeconds === undefined ? 0 : Math.ceil(ttlSeconds * 1000),
    );
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, entry: CachedResponse): Promise<void> {
    // A copy, frozen: every hit hands out the same objects, so no caller can change them.
    this.#entries.set(key, frozenCopy(entry));
  }

  get size(): number {
    // Expired entries stay until touched; drop them so the count is what a lookup would find.
    if (this.#expires) {
      const now = Date.now();
      for (const key of this.#entries.keys()) {
        const expiry = this.#entries.expiresAt(key);
        if (expiry !== undefined && expiry <= now) this.#entries.delete(key);
      }
    }
    return this.#entries.size;
  }

  async close(): Promise<void> {}
}

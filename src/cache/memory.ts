import { LRU } from 'tiny-lru';
import type { CacheBackend } from './backend.js';

/**
 * An in-process LRU of `maxsize` answers, per LLM instance; entries expire after `ttlSeconds`.
 * tiny-lru is an exact LRU (never more than `maxsize` entries) in one small file, which keeps
 * the core install small.
 */
export class MemoryCacheBackend implements CacheBackend {
  readonly description = 'memory cache';
  readonly #entries: LRU<string>;
  readonly #expires: boolean;

  constructor(maxsize: number, ttlSeconds: number | undefined) {
    this.#expires = ttlSeconds !== undefined;
    this.#entries = new LRU<string>(
      maxsize,
      ttlSeconds === undefined ? 0 : Math.ceil(ttlSeconds * 1000),
    );
  }

  async get(key: string): Promise<string | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, entry: string): Promise<void> {
    this.#entries.set(key, entry);
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

import { LRU } from 'tiny-lru';
import type { CacheBackend } from './backend.js';
import { defaultFormat, type CachedResponse, type EntryFormat } from './entry.js';

/**
 * An in-process LRU of `maxsize` entries, per LLM (or embeddings) instance; entries expire after
 * `ttlSeconds`. tiny-lru is an exact LRU (never more than `maxsize` entries) in one small file,
 * which keeps the core install small.
 */
export class MemoryCacheBackend<Entry = CachedResponse> implements CacheBackend<Entry> {
  readonly description = 'memory cache';
  readonly #entries: LRU<Entry>;
  readonly #expires: boolean;
  readonly #keep: (entry: Entry) => Entry;

  constructor(
    maxsize: number,
    ttlSeconds: number | undefined,
    format: EntryFormat<Entry> = defaultFormat(),
  ) {
    this.#expires = ttlSeconds !== undefined;
    this.#keep = format.keep;
    this.#entries = new LRU<Entry>(
      maxsize,
      ttlSeconds === undefined ? 0 : Math.ceil(ttlSeconds * 1000),
    );
  }

  async get(key: string): Promise<Entry | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, entry: Entry): Promise<void> {
    // A copy, frozen: every hit hands out the same objects, so no caller can change them.
    this.#entries.set(key, this.#keep(entry));
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

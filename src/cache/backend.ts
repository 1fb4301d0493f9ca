import type { CachedResponse } from './entry.js';

/**
 * Where cached entries live: answers (`CachedResponse`, the default) or, for the embeddings
 * cache, vectors. Backends outside the process store the entry as text (its `EntryFormat` in
 * `entry.ts`); the memory backend keeps the format's frozen copy, so a hit costs no parsing.
 * `get` and `set` may throw; the caller turns a failure into a miss (with one warning), so a
 * backend reports trouble instead of hiding it.
 */
export interface CacheBackend<Entry = CachedResponse> {
  /** Names the store in warnings, e.g. "SQLite cache at ./cache.db" (never a password). */
  readonly description: string;
  /** The stored entry, or undefined on a miss or an expired entry. */
  get(key: string): Promise<Entry | undefined>;
  set(key: string, entry: Entry): Promise<void>;
  /** Live entries (for Redis: as counted at this instance's last cache operation). */
  readonly size: number;
  /** Release files and connections; a later call opens them again. */
  close(): Promise<void>;
}

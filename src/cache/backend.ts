import type { CachedResponse } from './entry.js';

/**
 * Where cached answers live. Backends outside the process store the entry as JSON
 * (`serializeEntry` / `parseEntry` in `entry.ts`); the memory backend keeps it as a frozen
 * object, so a hit costs no parsing. `get` and `set` may throw; the caller turns a failure into
 * a miss (with one warning), so a backend reports trouble instead of hiding it.
 */
export interface CacheBackend {
  /** Names the store in warnings, e.g. "SQLite cache at ./cache.db" (never a password). */
  readonly description: string;
  /** The stored answer, or undefined on a miss or an expired entry. */
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, entry: CachedResponse): Promise<void>;
  /** Live entries (for Redis: as counted at this instance's last cache operation). */
  readonly size: number;
  /** Release files and connections; a later call opens them again. */
  close(): Promise<void>;
}

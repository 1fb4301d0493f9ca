/**
 * Where cached answers live, as opaque strings (the entry format belongs to `entry.ts`).
 * `get` and `set` may throw; the caller turns a failure into a miss (with one warning), so a
 * backend reports trouble instead of hiding it.
 */
export interface CacheBackend {
  /** Names the store in warnings, e.g. "SQLite cache at ./cache.db" (never a password). */
  readonly description: string;
  /** The stored answer, or undefined on a miss or an expired entry. */
  get(key: string): Promise<string | undefined>;
  set(key: string, entry: string): Promise<void>;
  /** Live entries (for Redis: as counted at this instance's last cache operation). */
  readonly size: number;
  /** Release files and connections; a later call opens them again. */
  close(): Promise<void>;
}

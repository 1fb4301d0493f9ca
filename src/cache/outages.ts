import { ConfigError } from '../errors.js';
import type { CacheBackend } from './backend.js';
import type { Logger } from '../log/logger.js';

/** What a cache did when its backend failed. */
export type CacheAction = 'read' | 'store';

// Backends (by description) in an outage, with the action whose failure started it: one warning
// per outage for the whole process, not one per call or per instance, whichever cache (responses
// or vectors) met it first. A full disk fails stores while reads go on working, so a successful
// read must not end an outage that a store started: it ends when a store succeeds, or a read
// does after a read failed.
const outages = new Map<string, CacheAction>();

/** A backend failed at `action`: true when this starts an outage (so the caller warns once). */
function startsOutage(description: string, action: CacheAction): boolean {
  if (outages.has(description)) return false;
  outages.set(description, action);
  return true;
}

/** A backend succeeded at `action`: the outage it ends, if any, is over. */
function endOutage(description: string, action: CacheAction): void {
  const started = outages.get(description);
  if (started !== undefined && (action === 'store' || started === 'read')) {
    outages.delete(description);
  }
}

/**
 * A backend failed at `action`: a missing driver (ConfigError) is the user's to fix and is
 * thrown; anything else is warned about once per outage (through the instance's logger),
 * saying what happens meanwhile.
 */
function reportCacheFailure(
  error: unknown,
  description: string,
  action: CacheAction,
  what: OutageWording,
  logger: Logger,
): void {
  if (error instanceof ConfigError) throw error;
  if (!startsOutage(description, action)) return;
  const reason = error instanceof Error ? error.message : String(error);
  logger.warn(
    `synapsekit: could not ${action} ${what.subject} ${description} (${reason}). ` +
      `${what.meanwhile} until it works again; this is reported once per outage.`,
  );
}

/** How a cache names itself in its outage warning. */
export interface OutageWording {
  /** Before the backend's description: "the" (responses), "vectors in the". */
  subject: string;
  /** What happens meanwhile: "Calls go to the provider uncached". */
  meanwhile: string;
}

/**
 * A cache backend whose failures never fail a call: a read that throws is a miss, a store that
 * throws is skipped, each warned about once per outage (through the instance's logger); a
 * missing driver (ConfigError) is the user's to fix and is thrown. Shared by the response cache
 * and the vector cache.
 */
export class TolerantStore<Entry> {
  readonly #backend: CacheBackend<Entry>;
  readonly #wording: OutageWording;
  readonly #logger: Logger;

  constructor(backend: CacheBackend<Entry>, wording: OutageWording, logger: Logger) {
    this.#backend = backend;
    this.#wording = wording;
    this.#logger = logger;
  }

  get size(): number {
    return this.#backend.size;
  }

  close(): Promise<void> {
    return this.#backend.close();
  }

  /** The stored entry; undefined on a miss or while the backend fails. */
  async read(key: string): Promise<Entry | undefined> {
    try {
      const stored = await this.#backend.get(key);
      endOutage(this.#backend.description, 'read');
      return stored;
    } catch (error) {
      this.#failed(error, 'read');
      return undefined;
    }
  }

  /** Store the entry; a failure is warned about, never thrown. */
  async write(key: string, entry: Entry): Promise<void> {
    try {
      await this.#backend.set(key, entry);
      endOutage(this.#backend.description, 'store');
    } catch (error) {
      this.#failed(error, 'store');
    }
  }

  #failed(error: unknown, action: CacheAction): void {
    reportCacheFailure(error, this.#backend.description, action, this.#wording, this.#logger);
  }
}

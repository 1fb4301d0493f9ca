import { ConfigError } from '../errors.js';
import { defaultLogger, type Logger } from '../log/logger.js';

/** What a cache did when its backend failed. */
export type CacheAction = 'read' | 'store';

// Backends (by description) in an outage, with the action whose failure started it: one warning
// per outage for the whole process, not one per call or per instance, whichever cache (responses
// or vectors) met it first. A full disk fails stores while reads go on working, so a successful
// read must not end an outage that a store started: it ends when a store succeeds, or a read
// does after a read failed.
const outages = new Map<string, CacheAction>();

/** A backend failed at `action`: true when this starts an outage (so the caller warns once). */
export function startsOutage(description: string, action: CacheAction): boolean {
  if (outages.has(description)) return false;
  outages.set(description, action);
  return true;
}

/** A backend succeeded at `action`: the outage it ends, if any, is over. */
export function endOutage(description: string, action: CacheAction): void {
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
export function reportCacheFailure(
  error: unknown,
  description: string,
  action: CacheAction,
  what: { subject: string; meanwhile: string },
  logger: Logger = defaultLogger,
): void {
  if (error instanceof ConfigError) throw error;
  if (!startsOutage(description, action)) return;
  const reason = error instanceof Error ? error.message : String(error);
  logger.warn(
    `synapsekit: could not ${action} ${what.subject} ${description} (${reason}). ` +
      `${what.meanwhile} until it works again; this is reported once per outage.`,
  );
}

import type { FinishReason, LLMEvent } from '../events.js';
import type { Message } from '../messages.js';

/**
 * What a cache entry holds: every content event of the answer in order (so a hit replays text,
 * reasoning and tool calls with their ids exactly), the assistant message with its provider
 * data, and the finish reasons. Nothing about the request or its key.
 */
export interface CachedResponse {
  events: LLMEvent[];
  messages: Message[];
  finishReason: FinishReason;
  providerFinishReason: string;
}

/**
 * How one kind of entry is kept: the SQLite table and the Redis key prefix it lives under, its
 * stored text, and what the memory backend holds. The response cache has one (below); the
 * embeddings cache has its own, so neither ever reads the other's entries.
 */
export interface EntryFormat<Entry> {
  /** The SQLite table of these entries. */
  readonly table: string;
  /** Every Redis key of these entries starts with it. */
  readonly redisPrefix: string;
  /** The entry as stored by the SQLite and Redis backends. */
  serialize(entry: Entry): string;
  /** A stored entry, or undefined when it is not one of ours or is damaged (a miss). */
  parse(raw: string): Entry | undefined;
  /** What the memory backend keeps: a copy no caller can change, handed out as it is on hits. */
  keep(entry: Entry): Entry;
}

/** The entry as stored by every backend. */
export function serializeEntry(value: CachedResponse): string {
  return JSON.stringify(value);
}

/**
 * A stored entry, or undefined when it is not one of ours or is damaged: a miss that the next
 * store overwrites. Byte data (`Uint8Array`) never reaches an entry: answers are text and JSON.
 */
export function parseEntry(raw: string): CachedResponse | undefined {
  try {
    const value = JSON.parse(raw) as Partial<CachedResponse> | null;
    if (
      !Array.isArray(value?.events) ||
      !Array.isArray(value.messages) ||
      typeof value.finishReason !== 'string' ||
      typeof value.providerFinishReason !== 'string'
    ) {
      return undefined;
    }
    return value as CachedResponse;
  } catch {
    return undefined;
  }
}

/** A deep copy of an entry, frozen at every level (entries are plain JSON data). */
export function frozenCopy(entry: CachedResponse): CachedResponse {
  return deepFreeze(JSON.parse(serializeEntry(entry)) as CachedResponse);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

/** The response cache's entries (the table and prefix names carry the format's version). */
export const RESPONSE_FORMAT: EntryFormat<CachedResponse> = {
  table: 'synapsekit_cache_v2',
  redisPrefix: 'synapsekit:cache:v2:',
  serialize: serializeEntry,
  parse: parseEntry,
  keep: frozenCopy,
};

/**
 * The default format of a backend built without one: responses. (TypeScript cannot tie a
 * generic's default type to a parameter's default value, hence the one cast, here.)
 */
export function defaultFormat<Entry>(): EntryFormat<Entry> {
  return RESPONSE_FORMAT as unknown as EntryFormat<Entry>;
}

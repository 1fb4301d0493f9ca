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

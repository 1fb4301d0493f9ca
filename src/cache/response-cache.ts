import { ConfigError } from '../errors.js';
import type { FinishInfo } from '../types.js';
import type { CacheBackend, CachedResponse } from './backend.js';
import { Flight } from './flight.js';

/** Runs the provider call for a miss: text as it arrives, `onFinish` once it ended normally. */
export type LiveCall = (
  signal: AbortSignal,
  onFinish: (info: FinishInfo) => void,
) => AsyncIterable<string>;

/** How a flight ended: from storage, or live (then with the call's own usage and attempts). */
interface FlightResult {
  finishReason: string;
  live: FinishInfo | undefined;
}

/** Replayed hits are cut into pieces of at most this many UTF-16 units, like a stream. */
const REPLAY_CHUNK = 256;

type CacheAction = 'read' | 'store';

// Backends (by description) in an outage, with the action whose failure started it: one warning
// per outage for the whole process, not one per call or per LLM instance. A full disk fails
// stores while reads go on working, so a successful read must not end an outage that a store
// started: it ends when a store succeeds, or a read does after a read failed.
const outages = new Map<string, CacheAction>();

/**
 * The response cache of one LLM instance: lookup, single flight for concurrent identical
 * misses, store after a normal finish, replay of hits, and the hit/miss counters.
 */
export class ResponseCache {
  readonly #backend: CacheBackend;
  readonly #flights = new Map<string, Flight<FlightResult>>();
  #hits = 0;
  #misses = 0;

  constructor(backend: CacheBackend) {
    this.#backend = backend;
  }

  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#backend.size };
  }

  close(): Promise<void> {
    return this.#backend.close();
  }

  /**
   * The answer for `key`: joined to an identical call already under way, else replayed from
   * the backend, else streamed live from `live` and stored once it finished normally.
   */
  async *run(
    key: string,
    options: {
      signal?: AbortSignal | undefined;
      onFinish?: ((info: FinishInfo) => void) | undefined;
    },
    live: LiveCall,
  ): AsyncGenerator<string> {
    let flight = this.#flights.get(key);
    const leads = flight === undefined;
    if (flight) {
      this.#hits++; // served by a call already under way: no request of its own
    } else {
      const started = new Flight<FlightResult>(() => {
        if (this.#flights.get(key) === started) this.#flights.delete(key);
      });
      this.#flights.set(key, started);
      void this.#fly(started, key, live);
      flight = started;
    }
    const result = yield* flight.follow(options.signal);
    options.onFinish?.(
      leads && result.live
        ? result.live
        : {
            usage: { input: 0, output: 0, reported: false },
            finishReason: result.finishReason,
            cached: true,
            attempts: 0,
          },
    );
  }

  /** Look up, else call live and store; the outcome goes to everyone following the flight. */
  async #fly(flight: Flight<FlightResult>, key: string, live: LiveCall): Promise<void> {
    try {
      const stored = await this.#read(key);
      if (stored) {
        this.#hits++;
        for (const piece of replayPieces(stored.text)) flight.push(piece);
        flight.succeed({ finishReason: stored.finishReason, live: undefined });
        return;
      }
      this.#misses++;
      let text = '';
      let info: FinishInfo | undefined;
      for await (const piece of live(flight.signal, (finished) => (info = finished))) {
        text += piece;
        flight.push(piece);
      }
      if (!info) throw new Error('The live call ended without finishing.');
      // Only a complete answer is worth replaying: not an empty one, not one nobody waited for.
      if (text !== '' && !flight.signal.aborted) {
        await this.#write(key, { text, finishReason: info.finishReason });
      }
      flight.succeed({ finishReason: info.finishReason, live: info });
    } catch (error) {
      flight.fail(error);
    } finally {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    }
  }

  async #read(key: string): Promise<CachedResponse | undefined> {
    try {
      const stored = await this.#backend.get(key);
      this.#recovered('read');
      return stored;
    } catch (error) {
      this.#failed(error, 'read');
      return undefined;
    }
  }

  async #write(key: string, value: CachedResponse): Promise<void> {
    try {
      await this.#backend.set(key, value);
      this.#recovered('store');
    } catch (error) {
      this.#failed(error, 'store');
    }
  }

  /** A broken backend is a miss with one warning; a missing driver is the user's to fix. */
  #failed(error: unknown, action: CacheAction): void {
    if (error instanceof ConfigError) throw error;
    const { description } = this.#backend;
    if (outages.has(description)) return;
    outages.set(description, action);
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(
      `synapsekit: could not ${action} the ${description} (${reason}). ` +
        'Calls go to the provider uncached until it works again; this is reported once per outage.',
    );
  }

  #recovered(action: CacheAction): void {
    const { description } = this.#backend;
    const started = outages.get(description);
    if (started !== undefined && (action === 'store' || started === 'read')) {
      outages.delete(description);
    }
  }
}

/** Cut stored text into stream-sized pieces without splitting a surrogate pair. */
function replayPieces(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + REPLAY_CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

import type { LLMEvent, StepResponse, ToolCall } from '../events.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { noUsage } from '../usage/totals.js';
import type { CacheBackend } from './backend.js';
import type { CachedResponse } from './entry.js';
import { Flight } from './flight.js';
import { endOutage, reportCacheFailure, type CacheAction } from './outages.js';

/** Runs the provider call for a miss: content events as they arrive, then the response. */
export type LiveCall = (signal: AbortSignal) => AsyncGenerator<LLMEvent | string, StepResponse>;

/**
 * The response cache of one LLM instance: lookup, single flight for concurrent identical
 * misses, store after a normal finish, replay of hits (every content event, in order), and
 * the hit/miss counters.
 */
export class ResponseCache {
  readonly #backend: CacheBackend;
  readonly #flights = new Map<string, Flight<LLMEvent, StepResponse>>();
  #hits = 0;
  #misses = 0;
  /** Where the outage warning goes: the LLM instance's logger. */
  readonly #logger: Logger;

  constructor(backend: CacheBackend, logger: Logger = defaultLogger) {
    this.#backend = backend;
    this.#logger = logger;
  }

  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#backend.size };
  }

  close(): Promise<void> {
    return this.#backend.close();
  }

  /**
   * The answer for `key`: joined to an identical call already under way, else replayed from
   * the backend, else streamed live from `live` and stored once it finished normally. Only the
   * caller that started a live call gets its usage and attempts; everyone else was served
   * without a request of their own (`cached: true`).
   */
  async *run(
    key: string,
    signal: AbortSignal | undefined,
    live: LiveCall,
  ): AsyncGenerator<readonly LLMEvent[], StepResponse> {
    let flight = this.#flights.get(key);
    const leads = flight === undefined;
    if (flight) {
      this.#hits++; // served by a call already under way: no request of its own
    } else {
      const started = new Flight<LLMEvent, StepResponse>(() => {
        if (this.#flights.get(key) === started) this.#flights.delete(key);
      });
      this.#flights.set(key, started);
      void this.#fly(started, key, live);
      flight = started;
    }
    const response = yield* flight.follow(signal);
    if (leads && !response.cached) return response;
    return { ...response, usage: noUsage(), cached: true, attempts: 0 };
  }

  /** Look up, else call live and store; the outcome goes to everyone following the flight. */
  async #fly(flight: Flight<LLMEvent, StepResponse>, key: string, live: LiveCall): Promise<void> {
    try {
      const stored = await this.#read(key);
      if (stored) {
        this.#hits++;
        for (const event of stored.events) flight.push(event);
        flight.succeed(replayedResponse(stored));
        return;
      }
      this.#misses++;
      const events: LLMEvent[] = [];
      const call = live(flight.signal);
      let next = await call.next();
      for (; !next.done; next = await call.next()) {
        // The live call runs in the events view, so every item is an event.
        const event = next.value as LLMEvent;
        events.push(event);
        flight.push(event);
      }
      const response = next.value;
      // Only a complete answer is worth replaying: not an empty one, not one nobody waited for.
      if (response.messages.length > 0 && !flight.signal.aborted) {
        await this.#write(key, {
          events,
          messages: response.messages,
          finishReason: response.finishReason,
          providerFinishReason: response.providerFinishReason,
        });
      }
      flight.succeed(response);
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
    reportCacheFailure(
      error,
      this.#backend.description,
      action,
      {
        subject: 'the',
        meanwhile: 'Calls go to the provider uncached',
      },
      this.#logger,
    );
  }

  #recovered(action: CacheAction): void {
    endOutage(this.#backend.description, action);
  }
}

/** A stored answer as the response of a call that sent no request. */
function replayedResponse(stored: CachedResponse): StepResponse {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const event of stored.events) {
    if (event.type === 'text') text += event.text;
    else if (event.type === 'reasoning') reasoning += event.text;
    else if (event.type === 'tool-call') {
      const { type: _type, ...call } = event;
      toolCalls.push(call);
    }
  }
  return {
    text,
    reasoning,
    toolCalls,
    finishReason: stored.finishReason,
    providerFinishReason: stored.providerFinishReason,
    usage: noUsage(),
    messages: stored.messages,
    cached: true,
    steps: 1,
    attempts: 0,
  };
}

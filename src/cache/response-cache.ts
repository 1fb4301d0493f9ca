import type { LLMEvent, StepResponse, ToolCall } from '../events.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { noUsage } from '../usage/totals.js';
import type { CacheBackend } from './backend.js';
import type { CachedResponse } from './entry.js';
import { Flight } from './flight.js';
import { TolerantStore } from './outages.js';

/** Runs the provider call for a miss: content events as they arrive, then the response. */
export type LiveCall = (signal: AbortSignal) => AsyncGenerator<LLMEvent | string, StepResponse>;

/**
 * The response cache of one LLM instance: lookup, single flight for concurrent identical
 * misses, store after a normal finish, replay of hits (every content event, in order), and
 * the hit/miss counters.
 */
export class ResponseCache {
  /** The backend; a broken one is a miss with one warning (to the LLM instance's logger). */
  readonly #store: TolerantStore<CachedResponse>;
  readonly #flights = new Map<string, Flight<LLMEvent, StepResponse>>();
  #hits = 0;
  #misses = 0;

  constructor(backend: CacheBackend, logger: Logger = defaultLogger) {
    this.#store = new TolerantStore(
      backend,
      { subject: 'the', meanwhile: 'Calls go to the provider uncached' },
      logger,
    );
  }

  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#store.size };
  }

  close(): Promise<void> {
    return this.#store.close();
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
      const stored = await this.#store.read(key);
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
        await this.#store.write(key, {
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

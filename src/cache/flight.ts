import { AbortError } from '../errors.js';

/**
 * One answer being produced (looked up, or fetched live) for everyone who asked for it at the
 * same time. Its events are kept as they arrive, so a caller who joins late still gets all of them.
 * Each caller follows with its own signal; the shared work is cancelled only when every
 * caller has gone.
 */
export class Flight<Chunk, Result> {
  readonly #chunks: Chunk[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #controller = new AbortController();
  readonly #onAbandoned: () => void;
  #outcome: { ok: true; result: Result } | { ok: false; error: unknown } | undefined;
  #followers = 0;

  /** `onAbandoned` runs when the last follower leaves before the flight ended. */
  constructor(onAbandoned: () => void) {
    this.#onAbandoned = onAbandoned;
  }

  /** Aborted once nobody is waiting for the answer any more. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  push(chunk: Chunk): void {
    this.#chunks.push(chunk);
    this.#wake();
  }

  succeed(result: Result): void {
    this.#outcome ??= { ok: true, result };
    this.#wake();
  }

  fail(error: unknown): void {
    this.#outcome ??= { ok: false, error };
    this.#wake();
  }

  /**
   * Every chunk from the first, in batches of what has arrived since the last one (a stored
   * answer is one batch: one hop instead of one per chunk), then the result (or the flight's
   * error); `signal` ends only this caller.
   */
  async *follow(signal: AbortSignal | undefined): AsyncGenerator<readonly Chunk[], Result> {
    this.#followers++;
    try {
      for (let index = 0; ;) {
        throwIfAborted(signal);
        if (index < this.#chunks.length) {
          const batch = this.#chunks.slice(index);
          index += batch.length;
          yield batch;
          continue;
        }
        if (this.#outcome?.ok === true) return this.#outcome.result;
        if (this.#outcome?.ok === false) throw this.#outcome.error;
        await this.#nextChange(signal);
      }
    } finally {
      this.#followers--;
      if (this.#followers === 0 && this.#outcome === undefined) {
        this.#controller.abort(new AbortError('Every caller waiting for this answer has gone.'));
        this.#onAbandoned();
      }
    }
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Resolve on the next chunk or outcome; reject as soon as this caller's signal aborts. */
  #nextChange(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        cleanup();
        resolve();
      };
      const onAbort = (): void => {
        cleanup();
        reject(abortError(signal));
      };
      const cleanup = (): void => {
        this.#waiters.delete(wake);
        signal?.removeEventListener('abort', onAbort);
      };
      this.#waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

function abortError(signal: AbortSignal | undefined): AbortError {
  return new AbortError(undefined, { cause: signal?.reason });
}

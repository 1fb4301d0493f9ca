import type { CallObserver } from './observe.js';

/**
 * A call seen by its observer: the span starts at the first read and ends when the stream does
 * (normally, with an error, or when the caller stops reading, which also closes the request).
 * The first item a streaming caller gets is its time to first chunk. When a span must be active
 * while the call runs (a recording or sampled-out span), each read runs inside it.
 *
 * A hand-written iterator rather than an async generator: a generator layer costs several
 * promise ticks per item (its request queue and the `yield*` await), this costs one `then`,
 * which keeps telemetry with a no-op tracer within a few percent of telemetry off (see
 * bench/telemetry-overhead.mjs). Calls with neither telemetry nor the debug log never get here.
 */
export function observedCall<T, R>(
  run: AsyncGenerator<T, R>,
  observer: CallObserver,
  streaming: boolean,
): AsyncGenerator<T, R> {
  let read: () => Promise<IteratorResult<T, R>> = () => run.next();
  let started = false;
  let first = true;
  let ended = false;

  const finish = (): void => {
    ended = true;
    observer.end();
  };
  const fail = (error: unknown): never => {
    if (!ended) {
      observer.failed(error);
      finish();
    }
    throw error;
  };
  const seen = (result: IteratorResult<T, R>): IteratorResult<T, R> => {
    if (result.done) {
      if (!ended) finish();
    } else if (first) {
      first = false;
      if (streaming) observer.firstChunk();
    }
    return result;
  };
  const begin = async (): Promise<IteratorResult<T, R>> => {
    started = true;
    // Only the instance's first call waits (for the OpenTelemetry import): no tick otherwise.
    const starting = observer.start();
    if (starting) await starting;
    const reader = observer.reader(run);
    if (reader) read = reader;
    return read();
  };

  const iterator: AsyncGenerator<T, R> = {
    next() {
      if (ended) return run.next();
      const result = started ? read() : begin();
      return result.then(seen, fail);
    },
    async return(value) {
      // The caller stopped early: close the call first, which closes its request; on a call
      // that already ended this does nothing.
      try {
        return await run.return(value as R);
      } finally {
        if (started && !ended) finish();
      }
    },
    async throw(error: unknown) {
      if (started && !ended) {
        observer.failed(error);
        try {
          await run.return(undefined as R);
        } finally {
          finish();
        }
      }
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

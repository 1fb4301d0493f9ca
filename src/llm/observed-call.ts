import type { CallObserver } from './observe.js';

/**
 * A call seen by its observer: the span starts at the first read and ends when the stream does
 * (normally, with an error, or when the caller stops reading, which also closes the request).
 * The first item a streaming caller gets is its time to first chunk. When a span must be active
 * while the call runs (a recording or sampled-out span), each read runs inside it; otherwise
 * (debug log only, a no-op tracer) the rest of the stream is delegated with `yield*`, which
 * adds no hop of ours per item. Calls with neither telemetry nor the debug log never get here.
 */
export async function* observedCall<T, R>(
  run: AsyncGenerator<T, R>,
  observer: CallObserver,
  streaming: boolean,
): AsyncGenerator<T, R> {
  let ended = false;
  try {
    // Only the instance's first call waits (for the OpenTelemetry import): no tick otherwise.
    const starting = observer.start();
    if (starting) await starting;
    const read = observer.reader(run);
    const first = await (read ? read() : run.next());
    if (first.done) {
      ended = true;
      return first.value;
    }
    if (streaming) observer.firstChunk();
    yield first.value;
    let value: R;
    if (read === undefined) {
      value = yield* run;
    } else {
      for (;;) {
        const next = await read();
        if (next.done) {
          value = next.value;
          break;
        }
        yield next.value;
      }
    }
    ended = true;
    return value;
  } catch (error) {
    observer.failed(error);
    throw error;
  } finally {
    // The caller stopped early (or threw into us): close the call first, which closes its
    // request; on a call that already ended this does nothing.
    if (!ended) await run.return(undefined as R);
    observer.end();
  }
}

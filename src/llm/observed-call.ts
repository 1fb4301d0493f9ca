import type { CallObserver } from './observe.js';

/**
 * A call seen by its observer: the span starts at the first read and ends when the stream does
 * (normally, with an error, or when the caller stops reading, which also closes the request).
 * Each read runs with the call's span active, and the first item a streaming caller gets is
 * its time to first chunk. Only calls with telemetry or the debug log on pass through here:
 * this layer costs a generator hop per item, which calls without them never pay.
 */
export async function* observedCall<T, R>(
  run: AsyncGenerator<T, R>,
  observer: CallObserver,
  streaming: boolean,
): AsyncGenerator<T, R> {
  let ended = false;
  try {
    await observer.start();
    for (let first = streaming; ; first = false) {
      const next = await observer.next(run);
      if (next.done) {
        ended = true;
        return next.value;
      }
      if (first) observer.firstChunk();
      yield next.value;
    }
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

import {
  ConfigError,
  type BaseLLM,
  type CallOptions,
  type FinishInfo,
  type TokenTracer,
} from '../../src/index.js';

/** `generate`, plus what `onFinish` reported for the call (undefined if it never ran). */
export async function generateWithFinish(
  llm: BaseLLM,
  options: CallOptions = {},
): Promise<{ text: string; finish: FinishInfo | undefined }> {
  let finish: FinishInfo | undefined;
  const text = await llm.generate('hi', { ...options, onFinish: (info) => (finish = info) });
  return { text, finish };
}

/** Every piece a stream yielded, and the error it ended with (undefined after a normal end). */
export async function drainStream(
  stream: AsyncIterable<string>,
): Promise<{ pieces: string[]; error: unknown }> {
  const pieces: string[] = [];
  try {
    for await (const piece of stream) pieces.push(piece);
  } catch (error) {
    return { pieces, error };
  }
  return { pieces, error: undefined };
}

/** The ConfigError that `create` throws; another error, or none, fails the test. */
export function configErrorOf(create: () => unknown): ConfigError {
  try {
    create();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('Expected a ConfigError, but nothing was thrown.');
}

/** What a promise rejects with; a promise that resolves fails the test. */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected the call to fail, but it succeeded.');
    },
    (error: unknown) => error,
  );
}

/** What a promise rejects with, which must be an instance of `type`. */
export async function rejectionOfType<T>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await rejectionOf(promise);
  if (!(error instanceof type)) {
    throw new Error(`Expected a ${type.name}, got: ${String(error)}`, { cause: error });
  }
  return error;
}

/**
 * One `generate` whose `onFinish` records into `tracer` under `tracedAs`, the way the README
 * tells users to trace; returns every FinishInfo the call gave.
 */
export async function tracedCall(
  llm: BaseLLM,
  tracer: TokenTracer,
  tracedAs: string,
): Promise<FinishInfo[]> {
  const finishes: FinishInfo[] = [];
  await llm.generate('How are tokens counted?', {
    onFinish: (info) => {
      finishes.push(info);
      tracer.recordUsage(info.usage, { model: tracedAs, cached: info.cached });
    },
  });
  return finishes;
}

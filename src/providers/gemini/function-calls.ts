import { ProviderError } from '../../errors.js';
import type { StreamPart } from '../../llm/spec.js';
import { geminiProviderData } from './provider-data.js';

/** One streamed argument (Vertex AI `partialArgs`): a value at a JSON path. */
interface PartialArg {
  jsonPath?: unknown;
  stringValue?: unknown;
  numberValue?: unknown;
  boolValue?: unknown;
  nullValue?: unknown;
}

/** A `functionCall` part as Gemini (whole) or Vertex AI (streamed arguments) sends it. */
export interface GeminiFunctionCall {
  id?: unknown;
  name?: unknown;
  args?: unknown;
  partialArgs?: unknown;
  willContinue?: unknown;
}

/** A Vertex call whose arguments are still arriving. */
interface StreamedCall {
  index: number;
  args: Record<string, unknown>;
  thoughtSignature: unknown;
  id: unknown;
}

/**
 * The function calls of one response. The Gemini API sends each call whole (`args` an object,
 * missing when there are none): one `tool-call` part. Vertex AI can stream the arguments
 * instead: `{name, willContinue: true}` opens the call, `partialArgs` set values at JSON paths
 * (string values for the same path are concatenated), and the call ends at a `functionCall`
 * without `willContinue` (an empty `{}`, or the last `partialArgs` chunk when the closing one is
 * missing). Such a call starts as soon as its name arrives and its rebuilt arguments go out as
 * one JSON fragment when it ends.
 */
export class FunctionCalls {
  #open: StreamedCall | undefined;
  #nextIndex = 0;

  /** The parts for one `functionCall` part, with the part's `thoughtSignature`. */
  *read(call: GeminiFunctionCall, thoughtSignature: unknown): Generator<StreamPart> {
    const name = typeof call.name === 'string' && call.name !== '' ? call.name : undefined;
    if (name === undefined) {
      // A continuation of the open call; a stray one (nothing open) carries nothing to keep.
      const open = this.#open;
      if (open === undefined) return;
      open.thoughtSignature ??= thoughtSignature;
      setPartialArgs(open.args, call.partialArgs);
      if (call.willContinue !== true) yield* this.end();
      return;
    }
    // A new call ends one still open (its closing chunk never came).
    yield* this.end();
    const streamed = call.willContinue === true || call.partialArgs !== undefined;
    if (!streamed) {
      yield {
        type: 'tool-call',
        id: typeof call.id === 'string' && call.id !== '' ? call.id : undefined,
        name,
        input: call.args ?? {},
        providerData: geminiProviderData(thoughtSignature, call.id),
      };
      return;
    }
    const open: StreamedCall = {
      index: this.#nextIndex++,
      args: {},
      thoughtSignature,
      id: call.id,
    };
    this.#open = open;
    yield {
      type: 'tool-call-fragment',
      index: open.index,
      id: typeof call.id === 'string' && call.id !== '' ? call.id : undefined,
      name,
    };
    setPartialArgs(open.args, call.partialArgs);
    if (call.willContinue !== true) yield* this.end();
  }

  /** End the open streamed call, if any: its arguments as JSON, then its end. */
  *end(): Generator<StreamPart> {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    yield {
      type: 'tool-call-fragment',
      index: open.index,
      inputDelta: JSON.stringify(open.args),
      providerData: geminiProviderData(open.thoughtSignature, open.id),
    };
    yield { type: 'tool-call-end', index: open.index };
  }
}

/** Apply each streamed argument to the arguments rebuilt so far. */
function setPartialArgs(args: Record<string, unknown>, partialArgs: unknown): void {
  if (!Array.isArray(partialArgs)) return;
  for (const raw of partialArgs as Array<PartialArg | null>) {
    if (raw === null || typeof raw !== 'object') continue;
    const value = argumentValue(raw);
    if (value === NO_VALUE) continue;
    const path = parseJsonPath(raw.jsonPath);
    setAt(args, path, value);
  }
}

const NO_VALUE = Symbol('no value');

/** The value a partial argument carries (`nullValue` is an enum, so its presence means null). */
function argumentValue(arg: PartialArg): unknown {
  if (typeof arg.stringValue === 'string') return arg.stringValue;
  if (typeof arg.numberValue === 'number') return arg.numberValue;
  if (typeof arg.boolValue === 'boolean') return arg.boolValue;
  if ('nullValue' in arg) return null;
  return NO_VALUE;
}

/** One step of a path: `.name` or `['name']` (a property), `[3]` (an array position). */
const PATH_STEP = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;

/** `$.recipe.steps[0]` as `['recipe', 'steps', 0]`; anything else means the stream is corrupt. */
function parseJsonPath(jsonPath: unknown): Array<string | number> {
  if (typeof jsonPath !== 'string' || !jsonPath.startsWith('$')) throw badPath(jsonPath);
  const steps: Array<string | number> = [];
  PATH_STEP.lastIndex = 1;
  while (PATH_STEP.lastIndex < jsonPath.length) {
    const match = PATH_STEP.exec(jsonPath);
    if (match === null) throw badPath(jsonPath);
    const [, name, position, single, double] = match;
    steps.push(position !== undefined ? Number(position) : (name ?? single ?? double ?? ''));
  }
  if (steps.length === 0) throw badPath(jsonPath);
  return steps;
}

/**
 * Set `value` at `path`, creating objects and arrays on the way; a string arriving at a path
 * that already holds a string continues it. Properties are defined, not assigned, so a key
 * such as `__proto__` is an ordinary key.
 */
function setAt(root: Record<string, unknown>, path: Array<string | number>, value: unknown): void {
  let container: Record<string | number, unknown> = root;
  for (const [depth, step] of path.entries()) {
    const existing = Object.hasOwn(container, step) ? container[step] : undefined;
    if (depth === path.length - 1) {
      const joined =
        typeof value === 'string' && typeof existing === 'string' ? existing + value : value;
      defineValue(container, step, joined);
      return;
    }
    if (existing === null || typeof existing !== 'object') {
      const child = typeof path[depth + 1] === 'number' ? [] : {};
      defineValue(container, step, child);
      container = child as Record<string | number, unknown>;
    } else {
      container = existing as Record<string | number, unknown>;
    }
  }
}

function defineValue(container: object, key: string | number, value: unknown): void {
  Object.defineProperty(container, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
}

function badPath(jsonPath: unknown): ProviderError {
  return new ProviderError(
    `gemini streamed a tool-call argument at a JSON path that cannot be placed (${JSON.stringify(jsonPath)}). ` +
      'The stream is corrupt; retry the call.',
    { provider: 'gemini', retryable: true },
  );
}

import type { LLMEvent, StepResponse } from '../../events.js';
import { addUsage, noUsage } from '../../usage/totals.js';
import type { ProviderCall } from '../spec.js';
import { describeIssues } from '../validate.js';
import { holdsAnswer, judgeAnswer, type Verdict } from './answer.js';
import { StructuredOutputError } from './error.js';
import { unwrap } from './output-schema.js';
import { PartialJsonParser } from './partial-json.js';
import type { StructuredPlan } from './plan.js';
import { repairMessages } from './repair.js';

/**
 * One round through the whole pipeline (cache, retries, rate limit, the `maxSteps` loop):
 * its events, then its response. `isAnswer` tells a loop that a step already holds the answer.
 */
export type RunRound = (
  call: ProviderCall,
  isAnswer: (response: StepResponse) => boolean,
) => AsyncGenerator<LLMEvent | string, StepResponse>;

/**
 * Ask, parse, validate; on a bad answer send it back with its problems (`repairAttempts`
 * times), then throw `StructuredOutputError`. `onFinish` fires once, for every round together.
 */
export async function generateStructured(
  plan: StructuredPlan,
  runRound: RunRound,
): Promise<unknown> {
  const rounds = new Rounds(plan);
  let call = plan.call;
  for (;;) {
    const run = runRound(call, (response) => holdsAnswer(plan, response));
    let next = await run.next();
    while (!next.done) next = await run.next();
    const response = next.value;
    const verdict = await judgeAnswer(plan, response);
    if (verdict.ok) {
      rounds.finish(response);
      return verdict.value;
    }
    call = rounds.repair(call, response, verdict);
  }
}

/**
 * As `generateStructured`, yielding the growing answer while it streams: a new deep-partial
 * snapshot each time the parsed prefix changed, then the validated value when it differs from
 * the last snapshot (a schema may transform it). A repair round streams its answer afresh.
 */
export async function* streamStructured(
  plan: StructuredPlan,
  runRound: RunRound,
): AsyncGenerator<unknown, void, undefined> {
  const rounds = new Rounds(plan);
  let call = plan.call;
  for (;;) {
    let parser = new PartialJsonParser();
    let outputCallId: string | undefined;
    let last: unknown;
    const run = runRound(call, (response) => holdsAnswer(plan, response));
    let response: StepResponse;
    try {
      for (let next = await run.next(); ; next = await run.next()) {
        if (next.done) {
          response = next.value;
          break;
        }
        const event = next.value as LLMEvent;
        let piece: string | undefined;
        if (plan.mode === 'tool') {
          if (event.type === 'tool-call-start' && event.name === plan.name) {
            outputCallId = event.id;
            parser = new PartialJsonParser();
          } else if (event.type === 'tool-call-delta' && event.id === outputCallId) {
            piece = event.inputDelta;
          }
        } else if (event.type === 'text') {
          piece = event.text;
        } else if (event.type === 'tool-result') {
          // A loop step ended in tool calls: what it wrote was not the answer.
          parser = new PartialJsonParser();
        }
        if (piece === undefined || !parser.push(piece)) continue;
        const partial = unwrap(parser.snapshot(), plan.wrapped);
        if (partial === undefined) continue;
        last = partial;
        yield partial;
      }
    } finally {
      // The caller may stop early: end the call (and its request) with it.
      await run.return(undefined as never);
    }
    const verdict = await judgeAnswer(plan, response);
    if (verdict.ok) {
      rounds.finish(response);
      if (!sameJson(verdict.value, last)) yield verdict.value;
      return;
    }
    call = rounds.repair(call, response, verdict);
  }
}

/** The rounds of one structured call: what they cost together, and what went wrong in each. */
class Rounds {
  readonly #plan: StructuredPlan;
  readonly #usage = noUsage();
  #attempts = 0;
  #steps = 0;
  #cached = true;
  readonly #failures: StructuredOutputError[] = [];

  constructor(plan: StructuredPlan) {
    this.#plan = plan;
  }

  /** The answer was good: report the whole call once. */
  finish(response: StepResponse): void {
    this.#add(response);
    // The forced tool's call (or calls ignored beside a JSON answer) is the answer, not a request to run tools.
    const finishReason = response.finishReason === 'tool-calls' ? 'stop' : response.finishReason;
    this.#plan.onFinish?.({
      usage: this.#usage,
      finishReason,
      providerFinishReason: response.providerFinishReason,
      cached: this.#cached,
      attempts: this.#attempts,
      steps: this.#steps,
      structuredMode: this.#plan.mode,
      model: this.#plan.call.model,
      provider: this.#plan.provider,
    });
  }

  /** The next round's request (the bad answer and its problems appended), or the error. */
  repair(call: ProviderCall, response: StepResponse, verdict: Exclude<Verdict, { ok: true }>) {
    this.#add(response);
    const problems = describeIssues(verdict.issues);
    const tries = this.#failures.length + 1;
    if (!verdict.repairable || tries > this.#plan.repairAttempts) {
      const message = verdict.repairable
        ? `No usable structured output after ${tries} ${tries === 1 ? 'try' : 'tries'} ` +
          `(repairAttempts: ${this.#plan.repairAttempts}): ${problems}. The last answer is in ` +
          '`text` and every try in `attempts`.'
        : `No usable structured output: ${problems}. ${verdict.advice ?? ''}`.trimEnd();
      const error = new StructuredOutputError(message, verdict);
      throw error.recordAttempts([...this.#failures, error]);
    }
    this.#failures.push(
      new StructuredOutputError(
        `The answer was not usable structured output: ${problems}.`,
        verdict,
      ),
    );
    return {
      ...call,
      messages: [...call.messages, ...repairMessages(this.#plan, response, verdict.issues)],
    };
  }

  #add(response: StepResponse): void {
    addUsage(this.#usage, response.usage);
    this.#attempts += response.attempts;
    this.#steps += response.steps;
    this.#cached &&= response.cached;
  }
}

/** Deep equality of two JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

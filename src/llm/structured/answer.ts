import type { StepResponse } from '../../events.js';
import type { SchemaIssue } from '../../tools.js';
import type { StructuredMode } from '../spec.js';
import { validateWithSchema } from '../validate.js';
import { unwrap } from './output-schema.js';
import type { StructuredPlan } from './plan.js';

/** What one answer came to: the validated value, or what is wrong and whether a repair can help. */
export type Verdict =
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** The answer as text (the forced tool's input as JSON). */
      text: string;
      issues: SchemaIssue[];
      /** False when asking again cannot help (cut off at the limit; tools called instead). */
      repairable: boolean;
      /** What the caller can do, for the error message. */
      advice?: string;
    };

/** The answer of one round (the last step of a loop), parsed and validated with the caller's schema. */
export async function judgeAnswer(plan: StructuredPlan, response: StepResponse): Promise<Verdict> {
  const outputCall = response.toolCalls.find((call) => call.name === plan.name);
  const text =
    plan.mode === 'tool' && outputCall !== undefined
      ? JSON.stringify(outputCall.input)
      : response.text;
  if (response.finishReason === 'length') {
    return failure(
      text,
      'the answer was cut off at the output-token limit',
      false,
      'Raise maxTokens.',
    );
  }
  let parsed: ParsedJson;
  if (plan.mode === 'tool') {
    if (outputCall === undefined) return missingAnswer(plan, response, text);
    parsed = { ok: true, value: outputCall.input };
  } else {
    if (text.trim() === '') return missingAnswer(plan, response, text);
    parsed = parseAnswerText(text, plan.mode);
  }
  if (!parsed.ok) return failure(text, `the answer is not valid JSON (${parsed.message})`, true);
  const checked = await validateWithSchema(plan.schema, unwrap(parsed.value, plan.wrapped));
  if (checked.ok) return { ok: true, value: checked.value };
  return { ok: false, text, issues: [...checked.issues], repairable: true };
}

/**
 * Whether a step already holds the answer, so a `maxSteps` loop ends there: the output tool's
 * call (tool mode), or text that parses as JSON beside calls the model should not have made
 * (Cerebras repeats a tool call next to its structured answer).
 */
export function holdsAnswer(plan: StructuredPlan, response: StepResponse): boolean {
  if (plan.mode === 'tool') return response.toolCalls.some((call) => call.name === plan.name);
  return response.text.trim() !== '' && parseAnswerText(response.text, plan.mode).ok;
}

type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * The JSON of an answer. Native answers are JSON as they are; in json mode a model may wrap
 * it in a code fence or put a sentence before it, which is stripped (only there: constrained
 * output that is not JSON is a real fault).
 */
export function parseAnswerText(text: string, mode: StructuredMode): ParsedJson {
  const candidate = mode === 'json' ? jsonInside(text) : text;
  try {
    return { ok: true, value: JSON.parse(candidate) as unknown };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** The text of a fenced block if there is one, else from the first `{` or `[` to the last closer. */
function jsonInside(text: string): string {
  const fenced = /```[a-zA-Z]*\s*\n?([^]*?)```/.exec(text)?.[1] ?? text;
  const start = fenced.search(/[{[]/);
  if (start === -1) return fenced;
  const closer = fenced[start] === '{' ? '}' : ']';
  const end = fenced.lastIndexOf(closer);
  return end > start ? fenced.slice(start, end + 1) : fenced.slice(start);
}

function missingAnswer(plan: StructuredPlan, response: StepResponse, text: string): Verdict {
  const others = response.toolCalls.filter((call) => call.name !== plan.name);
  if (others.length > 0) {
    const names = [...new Set(others.map((call) => call.name))].join(', ');
    return failure(
      text,
      `the model called ${names} instead of answering`,
      false,
      'Give those tools an execute function and maxSteps > 1, so the library runs them and the model answers after.',
    );
  }
  const problem =
    plan.mode === 'tool' ? `the model did not call the ${plan.name} tool` : 'the answer is empty';
  return failure(text, problem, true);
}

function failure(text: string, problem: string, repairable: boolean, advice?: string): Verdict {
  return { ok: false, text, issues: [{ message: problem }], repairable, advice };
}

import { AbortError } from '../errors.js';
import type { LLMEvent, ToolCall } from '../events.js';
import type { Message, ToolResultPart } from '../messages.js';
import type { Tool } from '../tools.js';
import type { StepResponse, View } from './attempts.js';
import type { CallObserver } from './observe.js';
import { addUsage, noUsage } from '../usage/totals.js';
import { describeIssues, validateWithSchema } from './validate.js';

/** One model step through the whole pipeline (cache, retries, rate limit, usage). */
export type RunStep = (
  messages: Message[],
) => AsyncGenerator<LLMEvent | string, StepResponse, undefined>;

/** What the loop needs besides a way to run a step. */
export interface ToolLoopOptions {
  tools: Record<string, Tool>;
  maxSteps: number;
  signal: AbortSignal | undefined;
  view: View;
  /** Telemetry (an `execute_tool` span per execution), when on. */
  observer?: CallObserver | undefined;
  /**
   * Whether a step already holds the answer (structured output: the forced tool's call, or
   * JSON text beside stray calls); such a step ends the loop whatever calls it also has.
   */
  isAnswer?: ((response: StepResponse) => boolean) | undefined;
}

/** One execution's result, and for an error result the kind of failure (`error.type`). */
interface ToolOutcome {
  result: ToolResultPart;
  /** `UnknownToolError`, `InvalidToolInputError`, or the name of what the tool threw. */
  errorType?: string | undefined;
}

/**
 * The `maxSteps` loop: ask, run the step's tool calls (concurrently), append the assistant
 * message and the results, ask again; stop when a step has no calls, calls a tool that has no
 * `execute` (those calls are returned to the caller), or at `maxSteps`. A tool that throws, an
 * unknown tool, or input that fails the schema becomes an error result the model can act on;
 * an abort ends the loop. The result sums usage and attempts over every step.
 */
export async function* runToolLoop(
  conversation: Message[],
  runStep: RunStep,
  options: ToolLoopOptions,
): AsyncGenerator<LLMEvent | string, StepResponse, undefined> {
  const messages = [...conversation];
  const added: Message[] = [];
  const usage = noUsage();
  let attempts = 0;
  let cached = true;
  for (let step = 1; ; step++) {
    const response = yield* runStep(messages);
    addUsage(usage, response.usage);
    attempts += response.attempts;
    cached &&= response.cached;
    messages.push(...response.messages);
    added.push(...response.messages);
    const calls = response.toolCalls;
    const goesOn =
      step < options.maxSteps &&
      calls.length > 0 &&
      options.isAnswer?.(response) !== true &&
      calls.every(
        (call) => options.tools[call.name]?.execute !== undefined || !options.tools[call.name],
      );
    if (goesOn) {
      const results = await executeAll(calls, options, messages);
      if (options.view === 'events') {
        for (const result of results) yield { ...result, isError: result.isError === true };
      }
      const toolMessage: Message = { role: 'tool', content: results };
      messages.push(toolMessage);
      added.push(toolMessage);
    }
    if (options.view === 'events') {
      yield {
        type: 'step-finish',
        step,
        finishReason: response.finishReason,
        usage: response.usage,
      };
    }
    if (!goesOn) {
      return { ...response, usage, attempts, cached, messages: added, steps: step };
    }
  }
}

/** Run every call of a step at once; each result in the order of the calls. */
async function executeAll(
  calls: ToolCall[],
  { tools, signal, observer }: ToolLoopOptions,
  messages: Message[],
): Promise<ToolResultPart[]> {
  const outcomes = await Promise.all(
    calls.map((call) => {
      const run = () => execute(call, tools, [...messages], signal);
      return observer ? observer.executeTool(call, tools[call.name]?.description, run) : run();
    }),
  );
  // A tool that noticed the abort may have returned normally: the loop still ends here.
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  return outcomes.map((outcome) => outcome.result);
}

async function execute(
  call: ToolCall,
  tools: Record<string, Tool>,
  messages: Message[],
  signal: AbortSignal | undefined,
): Promise<ToolOutcome> {
  const result = (output: unknown, errorType?: string): ToolOutcome => ({
    result: {
      type: 'tool-result',
      id: call.id,
      name: call.name,
      output,
      ...(errorType !== undefined ? { isError: true } : {}),
    },
    errorType,
  });
  const tool = tools[call.name];
  if (tool?.execute === undefined) {
    const known = Object.keys(tools).join(', ');
    return result(
      `Unknown tool "${call.name}". The available tools are: ${known}.`,
      'UnknownToolError',
    );
  }
  const checked = await validateWithSchema(tool.inputSchema, call.input);
  if (!checked.ok) {
    return result(
      `Invalid input for tool "${call.name}": ${sentence(describeIssues(checked.issues))} Call it again with input that matches its schema.`,
      'InvalidToolInputError',
    );
  }
  try {
    // A tool that returns nothing still answers the call: `null`, a JSON value every protocol takes.
    const output: unknown = await tool.execute(checked.value, {
      toolCallId: call.id,
      messages,
      signal,
    });
    return result(output ?? null);
  } catch (error) {
    if (error instanceof AbortError || signal?.aborted) {
      throw error instanceof AbortError
        ? error
        : new AbortError(undefined, { cause: signal?.reason });
    }
    const message = error instanceof Error ? error.message : String(error);
    const name = error instanceof Error ? error.name : '_OTHER';
    return result(`Tool "${call.name}" failed: ${message}`, name);
  }
}

/** Text ending in one full stop, whether or not it had one. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

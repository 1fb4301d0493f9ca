import { ConfigError } from '../../errors.js';
import type { Message } from '../../messages.js';
import type { JsonSchema, Schema } from '../../tools.js';
import type { FinishInfo, ProviderName } from '../../types.js';
import type { ProviderCall, StructuredMode, StructuredOutputSupport } from '../spec.js';
import { jsonSchemaOf } from '../tool-definitions.js';
import type { StructuredSettings } from './options.js';
import { outputSchema } from './output-schema.js';

/** One structured call, resolved: what to send first and how to read the answers. */
export interface StructuredPlan {
  mode: StructuredMode;
  /** The caller's schema, which validates every answer. */
  schema: Schema;
  /** Whether the answer travels wrapped as `{ value }` (a schema whose root is not an object). */
  wrapped: boolean;
  /** The output's name (the forced tool's, in tool mode). */
  name: string;
  /** The first request. */
  call: ProviderCall;
  repairAttempts: number;
  /** The provider that answers (`onFinish` names it, with `call.model`). */
  provider: ProviderName;
  onFinish: ((info: FinishInfo) => void) | undefined;
}

/** A provider that declares nothing can still be asked through instructions in the prompt. */
const INSTRUCTIONS_ONLY: StructuredOutputSupport = {
  auto: 'json',
  unavailable: { native: 'it declares no native structured output' },
};

/** The forced tool's description when the caller gave none. */
const TOOL_DESCRIPTION = 'Respond with a JSON object: the input of this tool is your answer.';

/**
 * Resolve the mode for this provider and call, and build the first request: the output request
 * for the provider, plus the forced tool (tool mode) or the instructions (json mode). A mode the
 * provider cannot run, or a setting that contradicts the mode, is a ConfigError here.
 */
export function planStructured(
  call: ProviderCall,
  schema: Schema,
  settings: StructuredSettings,
  support: StructuredOutputSupport | undefined,
  provider: ProviderName,
  onFinish: ((info: FinishInfo) => void) | undefined,
): StructuredPlan {
  const wire = outputSchema(jsonSchemaOf(schema, 'schema'));
  const mode = resolveMode(settings.mode, support ?? INSTRUCTIONS_ONLY, provider);
  const { name, description } = settings;
  let planned: ProviderCall = {
    ...call,
    output: { mode, schema: wire.schema, name, description },
  };
  if (mode === 'tool') planned = withOutputTool(planned, wire.schema, name, description);
  if (mode === 'json') {
    planned.messages = withJsonInstructions(planned.messages, wire.schema, description);
  }
  return {
    mode,
    schema,
    wrapped: wire.wrapped,
    name,
    call: planned,
    repairAttempts: settings.repairAttempts,
    provider,
    onFinish,
  };
}

function resolveMode(
  asked: StructuredSettings['mode'],
  support: StructuredOutputSupport,
  provider: ProviderName,
): StructuredMode {
  if (asked === 'auto') return support.auto;
  const reason = support.unavailable?.[asked];
  if (reason === undefined) return asked;
  throw new ConfigError(
    `${provider} cannot produce structured output in mode '${asked}' here: ${reason}. ` +
      `Use mode 'auto' (which picks '${support.auto}' for this call) or another mode.`,
    'mode',
  );
}

/**
 * Tool mode: the output is one more tool, which the model must call. Alone, it is forced by
 * name; beside the caller's tools the choice is `required`, so the model may call those first
 * (in a `maxSteps` loop) and answer with the output tool at the end.
 */
function withOutputTool(
  call: ProviderCall,
  schema: JsonSchema,
  name: string,
  description: string | undefined,
): ProviderCall {
  if (call.toolChoice !== undefined) {
    throw new ConfigError(
      'toolChoice cannot be set in structured tool mode: the output tool must be called. ' +
        "Drop toolChoice, or use mode 'native' or 'json' to choose tools yourself.",
      'toolChoice',
    );
  }
  if (call.tools?.some((tool) => tool.name === name)) {
    throw new ConfigError(
      `A tool is named "${name}", the name of the structured output's tool: pass another name option.`,
      'name',
    );
  }
  const outputTool = { name, description: description ?? TOOL_DESCRIPTION, inputSchema: schema };
  return {
    ...call,
    tools: [...(call.tools ?? []), outputTool],
    toolChoice: call.tools === undefined ? { tool: name } : 'required',
  };
}

/**
 * JSON mode: the schema goes into the system text (every provider reads it; DeepSeek and
 * OpenAI's JSON mode also need the word JSON in the prompt), after any system text already there.
 */
function withJsonInstructions(
  messages: Message[],
  schema: JsonSchema,
  description: string | undefined,
): Message[] {
  const instructions =
    'Answer with a JSON object that matches the JSON Schema below, and nothing else: no prose ' +
    'before or after it, no code fences.' +
    (description === undefined ? '' : ` The object is: ${description}`) +
    `\nJSON Schema: ${JSON.stringify(schema)}`;
  const index = messages.findIndex((message) => message.role === 'system');
  if (index === -1) return [{ role: 'system', content: instructions }, ...messages];
  return messages.map((message, at) =>
    at === index && message.role === 'system'
      ? { role: 'system', content: `${message.content}\n\n${instructions}` }
      : message,
  );
}

import { refuseParallelToolCallsOff } from '../tool-options.js';
import { ConfigError } from '../../errors.js';
import type { ProviderCall } from '../../llm/spec.js';
import type { ToolChoice } from '../../tools.js';

/** Gemini's rule for function names: a letter or `_` first (the pipeline allows more). */
const FUNCTION_NAME_START = /^[A-Za-z_]/;

/**
 * The tool fields of a generateContent body: `tools` as one `functionDeclarations` list with
 * plain JSON Schema (`parametersJsonSchema`, never beside `parameters`) and
 * `toolConfig.functionCallingConfig` for the tool choice. Every choice has a wire form here;
 * without tools nothing is sent (`none` is then what happens anyway). Gemini has no switch for
 * parallel calls, so `parallelToolCalls: false` cannot be honoured and is refused.
 */
export function geminiToolFields(call: ProviderCall): Record<string, unknown> {
  refuseParallelToolCallsOff('gemini', call);
  const fields: Record<string, unknown> = {};
  if (call.tools === undefined) return fields;
  const functionDeclarations = call.tools.map((tool) => {
    if (!FUNCTION_NAME_START.test(tool.name)) {
      throw new ConfigError(
        `gemini needs function names that start with a letter or _ (got ${JSON.stringify(tool.name)}): rename the tool.`,
        `tools.${tool.name}`,
      );
    }
    return {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parametersJsonSchema: tool.inputSchema,
    };
  });
  fields.tools = [{ functionDeclarations }];
  if (call.toolChoice !== undefined) {
    fields.toolConfig = { functionCallingConfig: functionCallingConfig(call.toolChoice) };
  }
  return fields;
}

/** auto -> AUTO, none -> NONE, required -> ANY, one named tool -> ANY limited to that name. */
function functionCallingConfig(choice: ToolChoice): Record<string, unknown> {
  switch (choice) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    default:
      return { mode: 'ANY', allowedFunctionNames: [choice.tool] };
  }
}

import { ConfigError } from '../../errors.js';
import type { ProviderCall, ToolDefinition } from '../../llm/spec.js';

/**
 * The tool fields of a Chat v2 body: `tools` in the OpenAI function shape (`parameters` is
 * required) and `tool_choice`. Chat v2 knows only `"REQUIRED"` and `"NONE"` (left out for auto)
 * and cannot force one named tool, so `{ tool: name }` sends only that tool with `"REQUIRED"`:
 * the model must call a tool and has no other to call. There is no parallel switch: the model
 * may always call several tools, so `parallelToolCalls: false` is refused before any request.
 */
export function chatV2ToolFields(call: ProviderCall): Record<string, unknown> {
  if (call.parallelToolCalls === false) {
    throw new ConfigError(
      'cohere: parallelToolCalls: false cannot be sent; Chat v2 has no switch for parallel ' +
        'tool calls (the model may always call several tools at once). ' +
        'Leave parallelToolCalls unset or true.',
      'parallelToolCalls',
    );
  }
  const fields: Record<string, unknown> = {};
  if (call.tools === undefined) return fields;
  const choice = call.toolChoice;
  if (typeof choice === 'object') {
    fields.tools = call.tools.filter((tool) => tool.name === choice.tool).map(functionTool);
    fields.tool_choice = 'REQUIRED';
    return fields;
  }
  fields.tools = call.tools.map(functionTool);
  if (choice === 'required') fields.tool_choice = 'REQUIRED';
  else if (choice === 'none') fields.tool_choice = 'NONE';
  return fields;
}

function functionTool(tool: ToolDefinition): Record<string, unknown> {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.inputSchema,
    },
  };
}

import type { ProviderCall } from '../../llm/spec.js';
import { functionTool, refuseParallelToolCallsOff } from '../tool-options.js';

/**
 * The tool fields of a Chat v2 body: `tools` in the OpenAI function shape (`parameters` is
 * required) and `tool_choice`. Chat v2 knows only `"REQUIRED"` and `"NONE"` (left out for auto)
 * and cannot force one named tool, so `{ tool: name }` sends only that tool with `"REQUIRED"`:
 * the model must call a tool and has no other to call. There is no parallel switch: the model
 * may always call several tools, so `parallelToolCalls: false` is refused before any request.
 */
export function chatV2ToolFields(call: ProviderCall): Record<string, unknown> {
  refuseParallelToolCallsOff('cohere', call);
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

import { refuseParallelToolCallsOff } from '../tool-options.js';
import { ConfigError } from '../../errors.js';
import type { Message } from '../../messages.js';
import type { ProviderCall, ToolDefinition } from '../../llm/spec.js';
import type { ToolChoice } from '../../tools.js';

/**
 * The request's `toolConfig`, or undefined when none is sent. Converse's vocabulary:
 * `auto` → `{auto:{}}`, `required` → `{any:{}}`, `{tool}` → `{tool:{name}}`. It has no `none`:
 * `none` is sent as no `toolConfig` at all, so the model sees no tools. It has no parallel
 * switch either: `parallelToolCalls: true` is what it does anyway, `false` is refused.
 *
 * Converse requires `toolConfig` whenever the history holds `toolUse`/`toolResult` blocks, so
 * a conversation with tool turns and no tools (or `none`) is refused before the request rather
 * than answered with a ValidationException, or worse, given tools the caller ruled out.
 *
 * @throws ConfigError for `parallelToolCalls: false`, and for tool turns without tools or with `none`.
 */
export function converseToolConfig(call: ProviderCall): Record<string, unknown> | undefined {
  refuseParallelToolCallsOff('bedrock', call);
  const { tools, toolChoice } = call;
  if (tools === undefined || toolChoice === 'none') {
    if (hasToolTurns(call.messages)) throw toolTurnsNeedTools(toolChoice === 'none');
    return undefined;
  }
  const config: Record<string, unknown> = { tools: tools.map(toolSpec) };
  if (toolChoice !== undefined) config.toolChoice = converseToolChoice(toolChoice);
  return config;
}

function toolSpec(tool: ToolDefinition): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: tool.name };
  // Converse wants at least one character when a description is given.
  if (tool.description) spec.description = tool.description;
  spec.inputSchema = { json: tool.inputSchema };
  return { toolSpec: spec };
}

function converseToolChoice(choice: Exclude<ToolChoice, 'none'>): Record<string, unknown> {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  return { tool: { name: choice.tool } };
}

/** Whether the conversation holds a tool call or a tool result (which become tool blocks). */
function hasToolTurns(messages: readonly Message[]): boolean {
  return messages.some(
    (message) =>
      message.role === 'tool' ||
      (message.role === 'assistant' &&
        typeof message.content !== 'string' &&
        message.content.some((part) => part.type === 'tool-call')),
  );
}

function toolTurnsNeedTools(choseNone: boolean): ConfigError {
  const reason = choseNone
    ? "toolChoice 'none' cannot be sent with this conversation: Converse has no 'none' (it is " +
      'expressed by sending no tools), yet it requires the tools whenever the conversation holds ' +
      "tool calls or results. Use toolChoice 'auto' instead, or remove the tool turns."
    : 'the conversation holds tool calls or results, and Converse requires the tools whenever ' +
      'it does. Pass the same tools again, or remove the tool turns.';
  return new ConfigError(`bedrock: ${reason}`, choseNone ? 'toolChoice' : 'tools');
}

import { ConfigError } from '../../errors.js';
import type { ProviderCall } from '../../llm/spec.js';
import type { ToolChoice } from '../../tools.js';

/**
 * The tool fields of a Messages API body: `tools` as `{name, description, input_schema}` and
 * `tool_choice` (`auto`, `none`, `any` for required, `tool` + name for one named tool).
 * Parallel calls are on by default; `parallelToolCalls: false` is `disable_parallel_tool_use:
 * true` on the tool_choice object (on `auto` when no choice was given). Without tools nothing
 * is sent: there is nothing to call, whatever the choice (only `auto` and `none` get this far).
 */
export function anthropicToolFields(call: ProviderCall): Record<string, unknown> {
  if (call.tools === undefined) return {};
  refuseForcedChoiceWithThinking(call);
  const fields: Record<string, unknown> = {
    tools: call.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      input_schema: tool.inputSchema,
    })),
  };
  const choice = call.toolChoice;
  if (choice === 'none') {
    // `none` has no parallel switch on the wire, and no calls is at most one.
    fields.tool_choice = { type: 'none' };
  } else if (choice !== undefined || call.parallelToolCalls === false) {
    const wire = wireToolChoice(choice ?? 'auto');
    if (call.parallelToolCalls === false) wire.disable_parallel_tool_use = true;
    fields.tool_choice = wire;
  }
  return fields;
}

function wireToolChoice(choice: Exclude<ToolChoice, 'none'>): Record<string, unknown> {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.tool };
}

/** Whether `extraBody` turns thinking on itself (`thinking.type` enabled or adaptive). */
export function thinkingInExtraBody(call: ProviderCall): boolean {
  const type = (call.extraBody?.thinking as { type?: unknown } | undefined)?.type;
  return type === 'enabled' || type === 'adaptive';
}

/**
 * With extended thinking on (the `reasoning` option, or `thinking` in extraBody), the API
 * accepts only `auto` and `none`: a forced choice would be its 400 after the request, so it is
 * a ConfigError before it.
 */
function refuseForcedChoiceWithThinking(call: ProviderCall): void {
  const choice = call.toolChoice;
  if (choice === undefined || choice === 'auto' || choice === 'none') return;
  if (call.reasoning === undefined && !thinkingInExtraBody(call)) return;
  throw new ConfigError(
    `anthropic: toolChoice ${JSON.stringify(choice)} cannot be combined with extended thinking ` +
      "(reasoning, or thinking in extraBody): the Messages API then accepts only 'auto' or 'none'. " +
      'Use one of those, or turn thinking off for this call.',
    'toolChoice',
  );
}

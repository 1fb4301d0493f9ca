import { ConfigError } from '../../errors.js';
import type { ProviderCall } from '../../llm/spec.js';
import { functionTool } from '../tool-options.js';
import type { ChatCompletionsDialect } from './presets.js';

/**
 * The tool fields of a Chat Completions body: `tools` in the function shape, `tool_choice`
 * (every variant has a wire form here) and `parallel_tool_calls`. A vendor whose API has no
 * tools (Perplexity's Sonar) refuses them before any request.
 */
export function chatToolFields(
  call: ProviderCall,
  dialect: ChatCompletionsDialect,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (call.tools === undefined) {
    if (call.toolChoice === 'none' || call.toolChoice === undefined) return fields;
  }
  if (!dialect.tools) {
    throw new ConfigError(
      `${dialect.provider} has no tool calling in its chat API: remove tools, toolChoice and parallelToolCalls, ` +
        'or use a provider with tools.',
      'tools',
    );
  }
  if (call.tools !== undefined) {
    fields.tools = call.tools.map(functionTool);
  }
  const choice = call.toolChoice;
  if (choice !== undefined) {
    fields.tool_choice =
      typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.tool } };
  }
  if (call.parallelToolCalls !== undefined && call.tools !== undefined) {
    fields.parallel_tool_calls = call.parallelToolCalls;
  }
  return fields;
}

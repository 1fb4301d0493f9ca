import { ConfigError } from '../errors.js';
import type { ProviderCall, ToolDefinition } from '../llm/spec.js';
import type { ProviderName } from '../types.js';

/**
 * A tool in the OpenAI function shape, which the Chat Completions family, Mistral, Cohere and
 * Ollama all take: `{ type: 'function', function: { name, description?, parameters } }`.
 */
export function functionTool(tool: ToolDefinition): Record<string, unknown> {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.inputSchema,
    },
  };
}

/**
 * For protocols without a switch for parallel tool calls: `true` is what they do anyway, and
 * `false` cannot be honoured, so it is refused before any request rather than ignored.
 */
export function refuseParallelToolCallsOff(provider: ProviderName, call: ProviderCall): void {
  if (call.parallelToolCalls !== false) return;
  throw new ConfigError(
    `${provider} has no switch to turn parallel tool calls off (the model may call several tools ` +
      'in one turn), so parallelToolCalls: false cannot be honoured. Leave parallelToolCalls unset ' +
      'or true, or use a provider that has the switch (OpenAI-style APIs, Mistral, Anthropic).',
    'parallelToolCalls',
  );
}

import { ConfigError } from '../../errors.js';
import type { ProviderCall } from '../../llm/spec.js';
import { functionTool, refuseParallelToolCallsOff } from '../tool-options.js';

/**
 * The `tools` of an `/api/chat` body, in the OpenAI function shape. Ollama's ChatRequest has no
 * `tool_choice` and no parallel switch, so: `auto` is what it does anyway; `none` sends no tools
 * at all (the model then cannot call one; the history may still hold earlier calls); `required`
 * and `{ tool }` cannot be expressed and are refused, as is `parallelToolCalls: false` (`true`
 * is what Ollama does). Refusals are ConfigErrors, thrown before any request.
 */
export function ollamaToolFields(call: ProviderCall): Record<string, unknown> {
  const choice = call.toolChoice;
  if (choice === 'required' || typeof choice === 'object') {
    const asked = choice === 'required' ? "'required'" : `{ tool: ${JSON.stringify(choice.tool)} }`;
    throw new ConfigError(
      `Ollama cannot force a tool call (its /api/chat has no tool_choice): toolChoice ${asked} ` +
        "is not supported. Use toolChoice 'auto' (the default) or 'none', or a provider that can force tools.",
      'toolChoice',
    );
  }
  refuseParallelToolCallsOff('ollama', call);
  if (call.tools === undefined || choice === 'none') return {};
  return { tools: call.tools.map(functionTool) };
}

import type { ProviderCall, StructuredOutputSupport } from '../../llm/spec.js';

/** Native output is `format: <schema>`; Ollama cannot force a tool call, so there is no tool mode. */
export function ollamaStructuredSupport(): StructuredOutputSupport {
  return {
    auto: 'native',
    unavailable: { tool: 'Ollama cannot force a tool call (its /api/chat has no tool_choice)' },
  };
}

/** `format` of a structured call: the schema (native) or `"json"` (json mode). */
export function ollamaOutputFields(call: ProviderCall): Record<string, unknown> {
  const output = call.output;
  if (output?.mode === 'native') return { format: output.schema };
  if (output?.mode === 'json') return { format: 'json' };
  return {};
}

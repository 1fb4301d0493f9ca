import type { ProviderCall, StructuredOutputSupport } from '../../llm/spec.js';

/**
 * Native output is `response_format: { type: 'json_object', json_schema }`, which Chat v2
 * refuses beside tools: with tools, the forced tool answers instead.
 */
export function cohereStructuredSupport(call: ProviderCall): StructuredOutputSupport {
  if (call.tools === undefined) return { auto: 'native' };
  return {
    auto: 'tool',
    unavailable: { native: 'Chat v2 refuses response_format together with tools' },
  };
}

/** `response_format` of a structured call: with the schema (native), or JSON mode without tools. */
export function cohereOutputFields(call: ProviderCall): Record<string, unknown> {
  const output = call.output;
  if (output?.mode === 'native') {
    return { response_format: { type: 'json_object', json_schema: output.schema } };
  }
  if (output?.mode === 'json' && call.tools === undefined) {
    return { response_format: { type: 'json_object' } };
  }
  return {};
}

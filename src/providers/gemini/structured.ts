import type { ProviderCall, StructuredOutputSupport } from '../../llm/spec.js';

/**
 * Native output is `responseJsonSchema`. Models before Gemini 3 refuse a JSON response beside
 * function declarations ("Function calling with a response mime type: 'application/json' is
 * unsupported"), so with tools they answer through the forced tool instead.
 */
export function geminiStructuredSupport(call: ProviderCall): StructuredOutputSupport {
  if (call.tools === undefined || geminiVersion(call.model) >= 3) return { auto: 'native' };
  return {
    auto: 'tool',
    unavailable: {
      native: `${call.model} cannot combine a JSON response with function calling (Gemini 3 can)`,
    },
  };
}

/**
 * The generationConfig fields of a structured call: `responseMimeType` with
 * `responseJsonSchema` (native), or the mime type alone (json mode, which without a schema
 * is JSON mode; left out beside tools, for the reason above). Tool mode needs nothing here.
 */
export function geminiOutputConfig(call: ProviderCall): Record<string, unknown> {
  const output = call.output;
  if (output?.mode === 'native') {
    return { responseMimeType: 'application/json', responseJsonSchema: output.schema };
  }
  if (output?.mode === 'json' && call.tools === undefined) {
    return { responseMimeType: 'application/json' };
  }
  return {};
}

/** The major version in a model id (`gemini-2.5-flash` is 2); 0 when it names none. */
function geminiVersion(model: string): number {
  return Number(/gemini-(\d+)/i.exec(model)?.[1] ?? 0);
}

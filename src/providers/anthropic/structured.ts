import type { ProviderCall, StructuredOutputSupport } from '../../llm/spec.js';
import type { JsonSchema } from '../../tools.js';
import { claudeHasStructuredOutput } from '../claude-models.js';
import { describesObject, mapSchema } from '../json-schema.js';
import { thinkingInExtraBody } from './tools.js';

/**
 * Native output (`output_config.format`) on the models that have it; else the forced tool;
 * with extended thinking on, a forced tool is refused by the API, so then json (instructions).
 */
export function anthropicStructuredSupport(call: ProviderCall): StructuredOutputSupport {
  const native = claudeHasStructuredOutput(call.model);
  // Thinking is on with the reasoning option (adaptive or a budget) or with thinking in extraBody.
  const thinking = call.reasoning !== undefined || thinkingInExtraBody(call);
  const unavailable: StructuredOutputSupport['unavailable'] = {};
  if (!native) {
    unavailable.native = `${call.model} has no output_config.format (Claude Opus 4.1, the 4.5 models and newer have it)`;
  }
  if (thinking) {
    unavailable.tool = 'the Messages API refuses a forced tool while extended thinking is on';
  }
  return { auto: native ? 'native' : thinking ? 'json' : 'tool', unavailable };
}

/** `output_config.format` for native mode, with the schema in the subset Anthropic accepts. */
export function anthropicOutputFormat(call: ProviderCall): Record<string, unknown> | undefined {
  if (call.output?.mode !== 'native') return undefined;
  return { type: 'json_schema', schema: anthropicOutputSchema(call.output.schema) };
}

/** Keywords `output_config.format` rejects (the AI SDK strips the same). */
const REJECTED = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'not',
];
const FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'uri',
  'ipv4',
  'ipv6',
  'uuid',
]);

/**
 * The schema as `output_config.format` takes it: bounds, patterns, `not` and unknown formats
 * dropped (the pipeline still validates the answer against the full schema, and a violation
 * goes back to the model), and objects closed with `additionalProperties: false`, which the
 * format requires.
 */
export function anthropicOutputSchema(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    const kept: JsonSchema = {};
    for (const [keyword, value] of Object.entries(node)) {
      if (REJECTED.includes(keyword)) continue;
      if (keyword === 'format' && !FORMATS.has(String(value))) continue;
      kept[keyword] = value;
    }
    if (describesObject(kept)) kept.additionalProperties = false;
    return kept;
  });
}

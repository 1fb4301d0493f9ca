import type { ProviderCall, StructuredOutputSupport } from '../../llm/spec.js';
import { claudeHasStructuredOutput } from '../claude-models.js';
import { isClaudeModel } from './reasoning.js';

/**
 * Native output (`outputConfig.textFormat`) on the Claude models that have it; else a forced
 * tool, except with Claude's extended thinking on (it refuses forced tools): then json.
 */
export function bedrockStructuredSupport(call: ProviderCall): StructuredOutputSupport {
  const native = claudeHasStructuredOutput(call.model);
  const fields = call.extraBody?.additionalModelRequestFields as
    { thinking?: { type?: unknown } } | undefined;
  const thinkingType = fields?.thinking?.type;
  // Thinking is on with the reasoning option on a Claude model, or with thinking in extraBody.
  const thinking =
    (call.reasoning !== undefined && isClaudeModel(call.model)) ||
    thinkingType === 'enabled' ||
    thinkingType === 'adaptive';
  const unavailable: StructuredOutputSupport['unavailable'] = {};
  if (!native) {
    unavailable.native = `${call.model} is not known to take outputConfig.textFormat (Claude 4.5 models and newer do)`;
  }
  if (thinking) unavailable.tool = 'Claude refuses a forced tool while extended thinking is on';
  return { auto: native ? 'native' : thinking ? 'json' : 'tool', unavailable };
}

/** `outputConfig.textFormat` for native mode; Converse takes the schema as a JSON string. */
export function bedrockOutputConfig(call: ProviderCall): Record<string, unknown> | undefined {
  const output = call.output;
  if (output?.mode !== 'native') return undefined;
  const jsonSchema: Record<string, unknown> = {
    schema: JSON.stringify(output.schema),
    name: output.name,
  };
  if (output.description !== undefined) jsonSchema.description = output.description;
  return { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
}

import type { ProviderCall } from '../../llm/spec.js';
import { splitSystem } from '../../llm/messages.js';
import { claudeSendsTemperature } from '../claude.js';
import { converseMessages } from './convert-messages.js';
import { bedrockReasoning, isClaudeModel } from './reasoning.js';
import { bedrockOutputConfig } from './structured.js';
import { converseToolConfig } from './tools.js';

/**
 * `/model/{id}/converse-stream` with the id encoded as ONE path segment: inference-profile
 * ARNs contain ':' and '/' (`arn:aws:bedrock:...:inference-profile/us.anthropic...`). The
 * extra characters are the ones the AWS SDK's extended encodeURIComponent also escapes.
 */
export function converseStreamPath(modelId: string): string {
  return `/model/${modelPathSegment(modelId)}/converse-stream`;
}

/** A model id (or ARN) as one path segment, every reserved character percent-encoded. */
export function modelPathSegment(modelId: string): string {
  return encodeURIComponent(modelId).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Body fields the library sets and `extraBody` may not replace; model and streaming are in the URL. */
export const CONVERSE_STREAM_OWNED_FIELDS = ['messages'];

/**
 * The Converse request body: content blocks per message, system text apart, sampling in
 * inferenceConfig, tools in toolConfig, the model family's reasoning fields in
 * additionalModelRequestFields. Throws ConfigError before any request for what Converse cannot
 * express. An `extraBody.additionalModelRequestFields` is merged into ours (as Gemini's
 * generationConfig is), so it adds model fields without dropping the reasoning ones.
 */
export function converseStreamBody(call: ProviderCall): Record<string, unknown> {
  const { system, conversation } = splitSystem(call.messages);
  const reasoning = bedrockReasoning(call);
  const inferenceConfig: Record<string, unknown> = { maxTokens: reasoning.maxTokens };
  // Claude refuses the default temperature beside top_p, as on Anthropic's API.
  const sendsTemperature = isClaudeModel(call.model)
    ? claudeSendsTemperature(call, call.reasoning !== undefined)
    : call.temperature !== undefined;
  if (sendsTemperature) inferenceConfig.temperature = call.temperature;
  if (call.topP !== undefined) inferenceConfig.topP = call.topP;
  if (call.stop !== undefined) inferenceConfig.stopSequences = call.stop;
  const body: Record<string, unknown> = { messages: converseMessages(conversation) };
  if (system !== undefined) body.system = [{ text: system }];
  body.inferenceConfig = inferenceConfig;
  const toolConfig = converseToolConfig(call);
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  const outputConfig = bedrockOutputConfig(call);
  if (outputConfig !== undefined) body.outputConfig = outputConfig;
  const fields = reasoning.additionalModelRequestFields;
  if (fields !== undefined) body.additionalModelRequestFields = fields;
  if (!call.extraBody) return body;
  const extraFields = call.extraBody.additionalModelRequestFields;
  const merged = { ...body, ...call.extraBody };
  if (fields !== undefined && isPlainObject(extraFields)) {
    merged.additionalModelRequestFields = { ...fields, ...extraFields };
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

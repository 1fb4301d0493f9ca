import type { ProviderCall } from '../../llm/spec.js';
import { splitSystem } from '../../llm/messages.js';
import { converseMessages } from './convert-messages.js';
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
 * inferenceConfig, tools in toolConfig. Throws ConfigError before any request for what
 * Converse cannot express.
 */
export function converseStreamBody(call: ProviderCall): Record<string, unknown> {
  const { system, conversation } = splitSystem(call.messages);
  const inferenceConfig: Record<string, unknown> = { maxTokens: call.maxTokens };
  if (call.temperature !== undefined) inferenceConfig.temperature = call.temperature;
  if (call.topP !== undefined) inferenceConfig.topP = call.topP;
  if (call.stop !== undefined) inferenceConfig.stopSequences = call.stop;
  const body: Record<string, unknown> = { messages: converseMessages(conversation) };
  if (system !== undefined) body.system = [{ text: system }];
  body.inferenceConfig = inferenceConfig;
  const toolConfig = converseToolConfig(call);
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  return call.extraBody ? { ...body, ...call.extraBody } : body;
}

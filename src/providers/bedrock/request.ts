import type { ProviderCall } from '../../llm/spec.js';
import { splitSystem } from '../../llm/messages.js';
import { converseMessages } from './convert-messages.js';
import { bedrockOutputConfig } from './structured.js';
import { converseToolConfig } from './tools.js';

/**
 * `/model/{id}/converse-stream` with the id encoded as ONE path segment: inference-profile
 * ARNs contain ':' and '/' (`arn:aws:bedrock:...:inference-profile/us.anthropic...`). The
 * extra characters are the ones the AWS SDK's extended encodeURIComponent also escapes.
 */
export function converseStreamPath(modelId: string): string {
  const segment = encodeURIComponent(modelId).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `/model/${segment}/converse-stream`;
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
  const outputConfig = bedrockOutputConfig(call);
  if (outputConfig !== undefined) body.outputConfig = outputConfig;
  return call.extraBody ? { ...body, ...call.extraBody } : body;
}

import type { ProviderCall } from '../../llm/base.js';
import { splitSystem } from '../../llm/messages.js';

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

/** The Converse request body: text blocks per message, system text apart, sampling in inferenceConfig. */
export function converseStreamBody(call: ProviderCall): Record<string, unknown> {
  const { system, conversation } = splitSystem(call.messages);
  const inferenceConfig: Record<string, unknown> = { maxTokens: call.maxTokens };
  if (call.temperature !== undefined) inferenceConfig.temperature = call.temperature;
  if (call.topP !== undefined) inferenceConfig.topP = call.topP;
  if (call.stop !== undefined) inferenceConfig.stopSequences = call.stop;
  const body: Record<string, unknown> = {
    messages: conversation.map(({ role, content }) => ({ role, content: [{ text: content }] })),
  };
  if (system !== undefined) body.system = [{ text: system }];
  body.inferenceConfig = inferenceConfig;
  return call.extraBody ? { ...body, ...call.extraBody } : body;
}

import type { ProviderCall } from '../../llm/spec.js';
import { geminiPrompt } from './convert-messages.js';
import { geminiOutputConfig } from './structured.js';
import { geminiThinkingConfig } from './reasoning.js';
import { geminiToolFields } from './tools.js';

/**
 * The resource path of a model: a bare id such as `gemini-2.5-flash` lives under `models/`;
 * ids that already name their collection (`models/...`, `tunedModels/...`) are kept as given.
 */
export function modelPath(model: string): string {
  return /^(models|tunedModels)\//.test(model) ? model : `models/${model}`;
}

/** Body fields the library sets and `extraBody` may not replace; model and streaming are in the URL. */
export const GENERATE_CONTENT_OWNED_FIELDS = ['contents'];

/** The generateContent body for one streamed call (docs/wire-protocols.md: Gemini). */
export function generateContentBody(call: ProviderCall): Record<string, unknown> {
  const generationConfig: Record<string, unknown> = {};
  if (call.temperature !== undefined) generationConfig.temperature = call.temperature;
  generationConfig.maxOutputTokens = call.maxTokens;
  if (call.topP !== undefined) generationConfig.topP = call.topP;
  if (call.stop !== undefined) generationConfig.stopSequences = call.stop;
  Object.assign(generationConfig, geminiOutputConfig(call));
  const thinkingConfig = geminiThinkingConfig(call);
  if (thinkingConfig !== undefined) generationConfig.thinkingConfig = thinkingConfig;

  const body: Record<string, unknown> = {
    ...geminiPrompt(call.messages, call.model),
    ...geminiToolFields(call),
    generationConfig,
  };
  if (!call.extraBody) return body;
  // Most of Gemini's knobs (thinkingConfig, responseMimeType, seed...) live inside
  // generationConfig, so an extra generationConfig is merged into ours instead of replacing it.
  const extra = call.extraBody;
  const extraConfig = extra.generationConfig;
  const merged = { ...body, ...extra };
  if (extraConfig !== null && typeof extraConfig === 'object' && !Array.isArray(extraConfig)) {
    merged.generationConfig = { ...generationConfig, ...extraConfig };
  }
  return merged;
}

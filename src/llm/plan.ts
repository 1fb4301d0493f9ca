import type { LLMConfig } from '../config.js';
import type { Message } from '../messages.js';
import type { Tool } from '../tools.js';
import type { CallOptions } from '../types.js';
import { checkCallOptions } from './inputs.js';
import { planMedia, resolvedMessages, type MediaPlan } from './media/resolve.js';
import { withSystemPrompt } from './messages.js';
import type { ProviderCall, ProviderSpec } from './spec.js';
import { checkToolChoice, toolDefinitions } from './tool-definitions.js';

/** One call, checked and resolved: what the pipeline runs. */
export interface Plan {
  /** The first step's request. */
  call: ProviderCall;
  options: CallOptions;
  /** The tools with `execute`, when the call runs a `maxSteps` loop. */
  loopTools: Record<string, Tool> | undefined;
  /** Media URLs to download before the first request; the call's parts are resolved after. */
  media?: MediaPlan | undefined;
}

/** What planning needs of the LLM instance. */
export interface PlanContext {
  config: LLMConfig;
  spec: ProviderSpec;
  /** Whether the provider gets the config's default temperature for this model. */
  sendsDefaultTemperature: (model: string) => boolean;
}

/**
 * Check a call's options, tools and media parts and resolve its first request (system prompt,
 * sampling settings, tool definitions). Throws ConfigError before any request.
 */
export function planCall(messages: Message[], options: CallOptions, context: PlanContext): Plan {
  const { config, spec } = context;
  checkCallOptions(options, spec.ownedBodyFields);
  const tools = toolDefinitions(options.tools);
  const toolChoice = checkToolChoice(options.toolChoice, options.tools);
  const temperatureIsDefault = options.temperature === undefined && config.temperatureIsDefault;
  const model = config.model;
  // Reasoning models are tuned for their own sampling defaults, and several refuse ours.
  const leaveOutTemperature =
    temperatureIsDefault &&
    (options.reasoning !== undefined || !context.sendsDefaultTemperature(model));
  // Image and file parts: checked now; resolved now unless a URL must be downloaded first.
  const media = planMedia(messages, spec.name, spec.media);
  const downloads = media !== undefined && media.downloads.size > 0 ? media : undefined;
  const call: ProviderCall = {
    model,
    messages: withSystemPrompt(
      media && !downloads ? resolvedMessages(messages, media, new Map()) : messages,
      config.systemPrompt,
    ),
    temperature: leaveOutTemperature ? undefined : (options.temperature ?? config.temperature),
    temperatureIsDefault,
    maxTokens: options.maxTokens ?? config.maxTokens,
    topP: options.topP,
    stop: options.stop,
    extraBody: options.extraBody,
    tools,
    toolChoice,
    parallelToolCalls: options.parallelToolCalls,
    reasoning: options.reasoning,
  };
  const executable = Object.values(options.tools ?? {}).some((tool) => tool.execute);
  const loops = (options.maxSteps ?? 1) > 1 && executable;
  return { call, options, loopTools: loops ? options.tools : undefined, media: downloads };
}

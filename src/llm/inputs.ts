import { checkBaseUrl, checkMaxTokens, checkTemperature, LLMConfig, show } from '../config.js';
import { ConfigError } from '../errors.js';
import { checkApiKey } from '../secrets.js';
import { checkTelemetryAttributes } from '../telemetry/options.js';
import type { CallOptions } from '../types.js';
import type { ProviderSpec } from './spec.js';
import { localModelHint } from '../detect.js';
import { checkReasoning } from '../reasoning.js';

const CALL_OPTION_NAMES = [
  'temperature',
  'maxTokens',
  'topP',
  'stop',
  'extraBody',
  'signal',
  'cache',
  'onFinish',
  'tools',
  'toolChoice',
  'parallelToolCalls',
  'maxSteps',
  'reasoning',
  'telemetryAttributes',
];

/**
 * The key to send: as given, else the provider's env var; '' means no auth header. When the
 * provider was detected from the model name, a missing key says whether Ollama was meant.
 */
export function resolveApiKey(
  given: string | undefined,
  spec: ProviderSpec,
  config: { model: string; providerExplicit: boolean },
): string {
  if (given !== undefined) return given;
  const fromEnv = spec.apiKeyEnv ? process.env[spec.apiKeyEnv] : undefined;
  if (fromEnv !== undefined && spec.apiKeyEnv) return checkApiKey(fromEnv, spec.apiKeyEnv);
  if (spec.apiKeyRequired) {
    const hint = config.providerExplicit ? '' : localModelHint(config.model, spec.name);
    throw new ConfigError(
      `No API key for ${spec.name}: pass apiKey or set ${spec.apiKeyEnv}. (apiKey: '' sends no auth header, for local servers.)${hint}`,
      'apiKey',
    );
  }
  return '';
}

/**
 * The config with `baseUrl` taken from the provider's base-URL env var when it has none, as
 * the official SDKs do, so one variable points them and us at the same proxy or local server.
 * An empty variable counts as unset.
 */
export function withBaseUrlFromEnv(config: LLMConfig, env: ProviderSpec['baseUrlEnv']): LLMConfig {
  if (config.baseUrl !== undefined || env === undefined) return config;
  const value = process.env[env.name]?.trim();
  if (!value) return config;
  const base = checkBaseUrl(value, env.name);
  return new LLMConfig({ ...config.toOptions(), baseUrl: base + (env.appendPath ?? '') });
}

export function checkPrompt(prompt: unknown): string {
  if (typeof prompt !== 'string') {
    throw new ConfigError(
      `prompt must be a string (got ${prompt === null ? 'null' : typeof prompt}).`,
      'prompt',
    );
  }
  return prompt;
}

const PASS_MESSAGES = 'pass the conversation to streamWithMessages() or generateWithMessages()';

/** Why a body field the library sets may not come from `extraBody`, and what to do instead. */
const OWNED_FIELD_ADVICE: Record<string, string> = {
  stream:
    'every call streams (generate() joins the stream), so a non-streamed answer would be billed and then fail to parse',
  model:
    "usage, cost, the cache and the rate limit are counted for the config's model; create an LLM with the other model instead",
  messages: PASS_MESSAGES,
  contents: PASS_MESSAGES,
};

/**
 * Per-call options follow the config's ranges; an unknown name gets a hint, as in LLMConfig.
 * `ownedBodyFields` are the request-body fields the provider sets itself.
 */
export function checkCallOptions(
  options: CallOptions,
  ownedBodyFields: readonly string[] = [],
): void {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('Call options must be an object such as { temperature: 0 }.', 'options');
  }
  for (const key of Object.keys(options)) {
    if (!CALL_OPTION_NAMES.includes(key)) {
      const hint =
        key === 'max_tokens'
          ? " Did you mean 'maxTokens'?"
          : key === 'top_p'
            ? " Did you mean 'topP'?"
            : '';
      throw new ConfigError(
        `Unknown call option '${key}'.${hint} Valid options: ${CALL_OPTION_NAMES.join(', ')}.`,
        key,
      );
    }
  }
  checkTemperature(options.temperature, 'temperature');
  checkMaxTokens(options.maxTokens, 'maxTokens');
  const { topP, stop, extraBody, signal, cache, onFinish } = options;
  if (topP !== undefined && (typeof topP !== 'number' || !(topP > 0 && topP <= 1))) {
    throw new ConfigError(`topP must be a number in (0, 1] (got ${String(topP)}).`, 'topP');
  }
  if (stop !== undefined && (!Array.isArray(stop) || !stop.every((s) => typeof s === 'string'))) {
    throw new ConfigError('stop must be an array of strings.', 'stop');
  }
  if (
    extraBody !== undefined &&
    (extraBody === null || typeof extraBody !== 'object' || Array.isArray(extraBody))
  ) {
    throw new ConfigError(
      'extraBody must be a plain object merged into the request body.',
      'extraBody',
    );
  }
  // `stream` belongs to the library for every provider; the others name their own structure.
  for (const field of ['stream', ...ownedBodyFields]) {
    if (extraBody !== undefined && Object.hasOwn(extraBody, field)) {
      const advice = OWNED_FIELD_ADVICE[field] ?? 'the provider request depends on it';
      throw new ConfigError(
        `extraBody.${field} cannot be set: synapsekit sets '${field}' itself (${advice}). Remove it from extraBody.`,
        `extraBody.${field}`,
      );
    }
  }
  if (cache !== undefined && typeof cache !== 'boolean') {
    // A string 'false' or a 0 would otherwise read as "use the cache".
    throw new ConfigError(
      `cache must be true or false (got ${show(cache)}); false skips the response cache for this call.`,
      'cache',
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ConfigError('signal must be an AbortSignal.', 'signal');
  }
  if (onFinish !== undefined && typeof onFinish !== 'function') {
    throw new ConfigError('onFinish must be a function.', 'onFinish');
  }
  checkTelemetryAttributes(options.telemetryAttributes);
  const { parallelToolCalls, maxSteps } = options;
  if (parallelToolCalls !== undefined && typeof parallelToolCalls !== 'boolean') {
    throw new ConfigError('parallelToolCalls must be true or false.', 'parallelToolCalls');
  }
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 1)) {
    throw new ConfigError(
      `maxSteps must be a positive integer (got ${String(maxSteps)}); 1 returns tool calls without running them.`,
      'maxSteps',
    );
  }
  checkReasoning(options.reasoning);
}

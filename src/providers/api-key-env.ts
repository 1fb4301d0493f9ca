import { LLMConfig, type LLMConfigOptions } from '../config.js';
import { checkApiKey } from '../secrets.js';

/**
 * For providers with more than one conventional key variable (Gemini: GEMINI_API_KEY then
 * GOOGLE_API_KEY; Cohere: COHERE_API_KEY then CO_API_KEY). The base reads only the first name,
 * so when just a later one is set its value is passed on as `apiKey`. An explicit `apiKey`
 * (including '') always wins, and with none set the base's missing-key error names the first.
 */
export function withApiKeyFromEnv(
  config: LLMConfig | LLMConfigOptions,
  envNames: readonly [string, ...string[]],
): LLMConfig | LLMConfigOptions {
  // Anything that is not an options object is left for LLMConfig to reject with its own message.
  if (config === null || typeof config !== 'object') return config;
  if (config.apiKey !== undefined || process.env[envNames[0]] !== undefined) return config;
  const fallback = envNames.find((name) => process.env[name] !== undefined);
  if (fallback === undefined) return config;
  const options = config instanceof LLMConfig ? config.toOptions() : config;
  // Checked here, so a bad key's error names the variable it came from.
  return { ...options, apiKey: checkApiKey(process.env[fallback] ?? '', fallback) };
}

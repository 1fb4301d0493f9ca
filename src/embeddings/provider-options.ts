import { ConfigError } from '../errors.js';

/** A string setting of `providerOptions`: absent, or a non-empty string. */
export function stringOption(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(
      `providerOptions.${name} must be a non-empty string (got ${value === null ? 'null' : typeof value}).`,
      `providerOptions.${name}`,
    );
  }
  return value;
}

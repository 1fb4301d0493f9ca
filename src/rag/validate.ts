import { ConfigError } from '../errors.js';

/** An optional integer option: undefined stays undefined, anything else must be >= min. */
export function checkInteger(value: unknown, field: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${field} must be an integer >= ${min} (got ${show(value)}).`, field);
  }
  return value;
}

/** A question or a document text: it must be a string. */
export function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new ConfigError(`${field} must be a string (got ${show(value)}).`, field);
  }
  return value;
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

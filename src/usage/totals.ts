import type { Usage } from '../types.js';

/** A fresh total: nothing reported yet. */
export function noUsage(): Usage {
  return { input: 0, output: 0, reported: false };
}

/** Add one report to a running total (in place); the breakdown fields add up where present. */
export function addUsage(total: Usage, part: Usage): void {
  total.input += part.input;
  total.output += part.output;
  total.reported ||= part.reported;
  for (const key of ['cacheRead', 'cacheWrite', 'reasoning'] as const) {
    const value = part[key];
    if (value !== undefined) total[key] = (total[key] ?? 0) + value;
  }
}

// The time formats providers use in their rate-limit headers.

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
// Go's time.Duration.String(), as OpenAI and Groq send it: `1s`, `6m0s`, `120ms`, `2m59.56s`,
// `1h2m3.5s`, `7.66s`, `500us`. Each piece is a number and a unit, largest unit first.
const DURATION = /^(?:\d+(?:\.\d+)?(?:h|ms|us|m|s))+$/;
const PIECE = /(\d+(?:\.\d+)?)(h|ms|us|m|s)/g;

/**
 * Milliseconds of a duration header: Go-style (`6m0s`, `120ms`, `2m59.56s`) or a bare number
 * of seconds (`20`, `0.5`, as Cerebras and `retry-after` send them). Undefined when unreadable.
 */
export function parseDurationMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PIECE)) {
    total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
  }
  return total;
}

/**
 * Milliseconds from now until an RFC 3339 time (`2026-12-01T10:00:30Z`, Anthropic's resets);
 * 0 for a time in the past, undefined when unreadable. `now` is the wall clock it is compared
 * with (the header names a wall-clock time).
 */
export function parseResetTimeMs(
  value: string | null,
  now: () => number = Date.now,
): number | undefined {
  if (value === null) return undefined;
  // RFC 3339 only: a date, `T`, a time and a zone; Date.parse alone would read "12" as a year.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value.trim())) {
    return undefined;
  }
  const at = Date.parse(value.trim());
  return Number.isFinite(at) ? Math.max(0, at - now()) : undefined;
}

import type { ResolvedBudget } from './options.js';

/** One budget period: its name (part of the stored key) and when it ends. */
export interface Period {
  /** `2026-12-01T10` (hour), `2026-12-01` (day), `2026-12` (month) or `total`. */
  id: string;
  /** Milliseconds since the epoch when the next period starts; null for `total`. */
  endsAt: number | null;
}

/**
 * The period `now` (wall-clock ms) falls in. Periods are calendar hours, days and months in
 * UTC, so every process and machine agrees on them whatever its time zone.
 */
export function periodAt(period: ResolvedBudget['period'], now: number): Period {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const iso = date.toISOString();
  switch (period) {
    case 'hour':
      return { id: iso.slice(0, 13), endsAt: Date.UTC(year, month, day, date.getUTCHours() + 1) };
    case 'day':
      return { id: iso.slice(0, 10), endsAt: Date.UTC(year, month, day + 1) };
    case 'month':
      return { id: iso.slice(0, 7), endsAt: Date.UTC(year, month + 1, 1) };
    case 'total':
      return { id: 'total', endsAt: null };
  }
}

import { expect } from 'vitest';
import { seededRandom } from '../servers/replay-server.js';

/**
 * Whether `later` grew out of `earlier`: every member `earlier` has is in `later`, equal, or
 * (strings) continued, or (objects, arrays) grown the same way; arrays only get longer.
 */
export function grewFrom(earlier: unknown, later: unknown): boolean {
  if (typeof earlier === 'string') return typeof later === 'string' && later.startsWith(earlier);
  if (earlier === null || typeof earlier !== 'object') return Object.is(earlier, later);
  if (later === null || typeof later !== 'object') return false;
  if (Array.isArray(earlier) !== Array.isArray(later)) return false;
  if (Array.isArray(earlier) && earlier.length > (later as unknown[]).length) return false;
  return Object.entries(earlier).every(
    ([key, value]) =>
      Object.hasOwn(later, key) && grewFrom(value, (later as Record<string, unknown>)[key]),
  );
}

/** Each snapshot grows out of the one before and is a deep partial of the final value, which is last. */
export function expectGrowingSnapshots(snapshots: readonly unknown[], final: unknown): void {
  expect(snapshots.length).toBeGreaterThan(0);
  snapshots.forEach((snapshot, index) => {
    if (index > 0 && !grewFrom(snapshots[index - 1], snapshot)) {
      throw new Error(
        `snapshot ${index} did not grow out of the one before:\n${JSON.stringify(snapshots[index - 1])}\n${JSON.stringify(snapshot)}`,
      );
    }
    if (!grewFrom(snapshot, final)) {
      throw new Error(
        `snapshot ${index} is not a partial of the final value: ${JSON.stringify(snapshot)}`,
      );
    }
  });
  expect(snapshots.at(-1)).toEqual(final);
}

/** A JSON document of about `size` characters with every kind of value, escapes and non-ASCII text. */
export function bigDocument(size = 2048): Record<string, unknown> {
  const items: unknown[] = [];
  const document = {
    title: 'Quotes "inside", a back\\slash, a tab\t, a newline\n and é, ß, 中文, emoji 🌦️😀',
    count: 1234567,
    ratio: -0.000125,
    exponent: 6.02e23,
    flags: [true, false, null],
    nested: { deeper: { deepest: [[1, [2, [3]]], { empty: {} }, []] } },
    items,
  };
  for (let index = 0; JSON.stringify(document).length < size; index++) {
    items.push({
      id: index,
      name: `item ${index} – “curly” ${'😀'.repeat(index % 3)}`,
      price: Math.round(index * 3.7 * 100) / 100,
      tags: ['a', `b${index}`],
      escaped: 'line\nbreak \u0001 \\u not an escape',
    });
  }
  return document;
}

/** The text in pieces of 1 to 7 UTF-16 units (so splits fall inside escapes and surrogate pairs), from a seeded generator. */
export function smallPieces(text: string, seed: number): string[] {
  const random = seededRandom(seed);
  const pieces: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(random() * 7);
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

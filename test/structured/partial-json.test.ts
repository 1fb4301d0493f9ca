import { describe, expect, it } from 'vitest';
import { PartialJsonParser } from '../../src/llm/structured/partial-json.js';
import { bigDocument, expectGrowingSnapshots, smallPieces } from './growth.js';

/** Push every piece; the snapshots taken whenever the parser says the value changed. */
function snapshotsOf(pieces: readonly string[]): {
  snapshots: unknown[];
  parser: PartialJsonParser;
} {
  const parser = new PartialJsonParser();
  const snapshots: unknown[] = [];
  for (const piece of pieces) if (parser.push(piece)) snapshots.push(parser.snapshot());
  return { snapshots, parser };
}

describe('PartialJsonParser', () => {
  it('a 2 KB document in 1-7 character pieces: snapshots grow, each a partial of the whole, the last the whole', () => {
    const document = bigDocument();
    const text = JSON.stringify(document, null, 1);
    expect(text.length).toBeGreaterThan(2048);
    for (const seed of [1, 2, 3, 4, 5]) {
      const { snapshots, parser } = snapshotsOf(smallPieces(text, seed));
      expectGrowingSnapshots(snapshots, document);
      expect(parser.complete).toBe(true);
    }
  });

  it('split in two at every position (inside escapes, \\u sequences, surrogate pairs, numbers, literals)', () => {
    const document = {
      s: 'a"b\\c\n\u00e9\ud83d\ude00/',
      n: [-12.5e3, 0, 7, 123456],
      l: [true, false, null],
      o: { 'k"ey': [[], {}, [[1]]] },
    };
    // Escaped non-ASCII, so the splits fall inside \u escapes too.
    const escaped = JSON.stringify(document).replace(
      /[^\x20-\x7e]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    for (const text of [JSON.stringify(document), escaped, JSON.stringify(document, null, 2)]) {
      for (let at = 0; at <= text.length; at++) {
        const { snapshots } = snapshotsOf([text.slice(0, at), text.slice(at)]);
        expectGrowingSnapshots(snapshots, document);
      }
      // One character at a time.
      expectGrowingSnapshots(snapshotsOf([...text]).snapshots, document);
    }
  });

  it('never shows half an escape, half a surrogate pair, or a number that may still grow', () => {
    const parser = new PartialJsonParser();
    parser.push('{"a": "x\\');
    expect(parser.snapshot()).toEqual({ a: 'x' });
    parser.push('u00');
    expect(parser.snapshot()).toEqual({ a: 'x' });
    parser.push('e9\\ud83d');
    expect(parser.snapshot()).toEqual({ a: 'xé' }); // the high surrogate waits for its pair
    parser.push('\\ude00", "n": 12');
    expect(parser.snapshot()).toEqual({ a: 'xé😀' }); // 12 may become 123
    expect(parser.push('3')).toBe(false);
    expect(parser.push(',')).toBe(true);
    expect(parser.snapshot()).toEqual({ a: 'xé😀', n: 123 });
    parser.push(' "t": tr');
    expect(parser.snapshot()).toEqual({ a: 'xé😀', n: 123 });
    parser.push('ue}');
    expect(parser.snapshot()).toEqual({ a: 'xé😀', n: 123, t: true });
  });

  it('a key appears only once its value begins; nested arrays and objects appear when they open', () => {
    const parser = new PartialJsonParser();
    parser.push('{"rows": [[1, 2], [');
    expect(parser.snapshot()).toEqual({ rows: [[1, 2], []] });
    parser.push('3]], "na');
    expect(parser.snapshot()).toEqual({ rows: [[1, 2], [3]] });
    parser.push('me": ');
    expect(parser.snapshot()).toEqual({ rows: [[1, 2], [3]] });
    parser.push('{');
    expect(parser.snapshot()).toEqual({ rows: [[1, 2], [3]], name: {} });
  });

  it('reports a change only when the value changed', () => {
    const parser = new PartialJsonParser();
    expect(parser.push('  ')).toBe(false);
    expect(parser.push('{')).toBe(true);
    expect(parser.push(' "key"')).toBe(false);
    expect(parser.push(': ')).toBe(false);
    expect(parser.push('"')).toBe(true); // the member appears, as ''
    expect(parser.push('v')).toBe(true);
    expect(parser.push('"')).toBe(false); // the string closed: same value
    expect(parser.push(' }')).toBe(false);
    expect(parser.snapshot()).toEqual({ key: 'v' });
  });

  it('snapshots are independent: a kept one never changes, closed parts are frozen', () => {
    const parser = new PartialJsonParser();
    parser.push('{"done": {"a": 1}, "open": [1');
    const first = parser.snapshot() as { done: object; open: number[] };
    parser.push(', 2], "more": "x"}');
    expect(first).toEqual({ done: { a: 1 }, open: [] });
    expect(Object.isFrozen(first.done)).toBe(true);
    expect(parser.snapshot()).toEqual({ done: { a: 1 }, open: [1, 2], more: 'x' });
  });

  it('skips prose and a code fence before the value, and whatever follows it', () => {
    const { snapshots, parser } = snapshotsOf([
      'Sure! Here is the JSON:\n```json\n{"a"',
      ': [1, 2]}\n```\nAnything {"else": 1}',
    ]);
    expect(snapshots.at(-1)).toEqual({ a: [1, 2] });
    expect(parser.complete).toBe(true);
  });

  it('stops at input that cannot be JSON, keeping the last good snapshot', () => {
    const parser = new PartialJsonParser();
    parser.push('{"a": 1, "b": [tru');
    expect(parser.push('x, 2]}')).toBe(false);
    expect(parser.snapshot()).toEqual({ a: 1, b: [] });
    const numbers = new PartialJsonParser();
    numbers.push('[1.2.3, 4]');
    expect(numbers.snapshot()).toEqual([]);
    const keys = new PartialJsonParser();
    keys.push('{a: 1}');
    expect(keys.snapshot()).toEqual({});
  });

  it('a "__proto__" key is an own member, as JSON.parse makes it', () => {
    const parser = new PartialJsonParser();
    parser.push('{"__proto__": {"polluted": true}}');
    const value = parser.snapshot() as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": true}}'));
  });
});

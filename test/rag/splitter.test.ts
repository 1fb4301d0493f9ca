import { describe, expect, it } from 'vitest';
import { ConfigError, RecursiveCharacterTextSplitter } from '../../src/index.js';

const split = (text: string, chunkSize: number, chunkOverlap: number): string[] =>
  new RecursiveCharacterTextSplitter({ chunkSize, chunkOverlap }).split(text);

describe('RecursiveCharacterTextSplitter: the original reference vectors (reference §14)', () => {
  const paragraphs = 'First paragraph.\n\nSecond paragraph.\n\nThird paragraph.';

  it('paragraphs (25, 0)', () => {
    expect(split(paragraphs, 25, 0)).toEqual([
      'First paragraph.',
      'Second paragraph.',
      'Third paragraph.',
    ]);
  });

  it('paragraphs (25, 5): each chunk after the first starts with the last 5 characters, no separator', () => {
    expect(split(paragraphs, 25, 5)).toEqual([
      'First paragraph.',
      'raph.Second paragraph.',
      'raph.Third paragraph.',
    ]);
  });

  it('no separator: "a" * 120 with (50, 10) is hard-cut at 0, 40, 80', () => {
    const text = 'a'.repeat(120);
    const chunks = split(text, 50, 10);
    expect(chunks.map((chunk) => chunk.length)).toEqual([50, 50, 40]);
    expect(chunks).toEqual([text.slice(0, 50), text.slice(40, 90), text.slice(80, 120)]);
  });

  it('words (10, 0)', () => {
    expect(split('one two three four five six seven', 10, 0)).toEqual([
      'one two',
      'three four',
      'five six',
      'seven',
    ]);
  });

  it('words (10, 3)', () => {
    expect(split('one two three four five six seven', 10, 3)).toEqual([
      'one two',
      'twothree four',
      'ourfive six',
      'sixseven',
    ]);
  });
});

describe('RecursiveCharacterTextSplitter', () => {
  it('defaults to chunkSize 512 and chunkOverlap 50', () => {
    const splitter = new RecursiveCharacterTextSplitter();
    expect([splitter.chunkSize, splitter.chunkOverlap]).toEqual([512, 50]);
  });

  it('empty and whitespace text give no chunks; short text is one trimmed chunk', () => {
    expect(split('', 10, 0)).toEqual([]);
    expect(split('  \n\t ', 10, 0)).toEqual([]);
    expect(split('  short \n', 10, 0)).toEqual(['short']);
  });

  it('falls back to sentences when a paragraph is too long, and re-splits an oversized part', () => {
    const text = 'Alpha beta. Gamma delta.\n\nEpsilon zeta eta theta iota kappa lambda.';
    const chunks = split(text, 30, 0);
    expect(chunks).toEqual([
      'Alpha beta. Gamma delta.',
      'Epsilon zeta eta theta iota',
      'kappa lambda.',
    ]);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(30);
  });

  it('without overlap no chunk exceeds chunkSize', () => {
    const text = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const chunks = split(text, 50, 0);
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(50);
    expect(chunks.join(' ')).toBe(text);
  });

  it('custom separators', () => {
    const splitter = new RecursiveCharacterTextSplitter({
      chunkSize: 8,
      chunkOverlap: 0,
      separators: ['|'],
    });
    expect(splitter.split('aaaa|bbbb|cccc')).toEqual(['aaaa', 'bbbb', 'cccc']);
  });

  it('counts characters as code points, like the original: an emoji is one character', () => {
    const text = '😀'.repeat(12);
    const chunks = split(text, 5, 1);
    expect(chunks.map((chunk) => Array.from(chunk).length)).toEqual([5, 5, 4]);
    expect(chunks.every((chunk) => Array.from(chunk).every((c) => c === '😀'))).toBe(true);
  });

  it('rejects an overlap not smaller than the chunk size, and bad sizes', () => {
    expect(() => split('x', 10, 10)).toThrow(ConfigError);
    expect(() => split('x', 0, 0)).toThrow(/chunkSize must be an integer >= 1/);
    expect(() => split('x', 10, -1)).toThrow(/chunkOverlap must be an integer >= 0/);
    expect(() => new RecursiveCharacterTextSplitter({ separators: [''] })).toThrow(/separators/);
  });
});

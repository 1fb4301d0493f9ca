import { ConfigError } from '../errors.js';
import { checkInteger } from './validate.js';

/**
 * Anything that cuts a document into chunks for retrieval (the `splitter` of a
 * {@link RAGPipeline}).
 *
 * @category RAG
 */
export interface TextSplitter {
  /** The chunks of `text`, in order; `[]` when there is nothing to store. */
  split(text: string): string[];
}

/**
 * Settings of a {@link RecursiveCharacterTextSplitter}; all optional.
 *
 * @category RAG
 */
export interface RecursiveCharacterTextSplitterOptions {
  /** Longest chunk, in characters (Unicode code points), default 512. */
  chunkSize?: number;
  /** Characters of the previous chunk repeated at the start of the next, default 50. */
  chunkOverlap?: number;
  /** Tried in order; the first that splits the text is used. Default paragraph, line, sentence, word. */
  separators?: string[];
}

const DEFAULT_SEPARATORS = ['\n\n', '\n', '. ', ' '];

/**
 * The original's character splitter, reproduced exactly (its reference vectors are tests):
 * split on the first separator that cuts the text, greedily merge the pieces up to
 * `chunkSize`, split an oversized piece again on its own, and hard-cut text with no separator
 * into overlapping windows. Separators at chunk boundaries are dropped, and each merged chunk
 * after the first starts with the last `chunkOverlap` characters of the previous one, with no
 * separator between. So a chunk can exceed `chunkSize`: by the overlap, and by one more overlap
 * for each time an oversized piece was split again.
 *
 * @example
 * ```ts
 * const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 30, chunkOverlap: 5 });
 * splitter.split('One short line.\n\nA second line.\n\nAnd the third one.');
 * // ['One short line.', 'line.A second line.', 'line.And the third one.']
 * ```
 *
 * @category RAG
 */
export class RecursiveCharacterTextSplitter implements TextSplitter {
  /** Longest merged piece, in characters (code points), before any overlap is prepended. */
  readonly chunkSize: number;
  /** Characters of the previous chunk repeated at the start of the next. */
  readonly chunkOverlap: number;
  /** The separators tried, in order. */
  readonly separators: readonly string[];

  /**
   * @param options Chunk size, overlap and separators; defaults 512, 50 and paragraph, line,
   *   sentence, word.
   * @throws ConfigError when `chunkSize` is not an integer >= 1, `chunkOverlap` not an integer
   *   >= 0 smaller than `chunkSize`, or `separators` not an array of non-empty strings.
   */
  constructor(options: RecursiveCharacterTextSplitterOptions = {}) {
    this.chunkSize = checkInteger(options.chunkSize, 'chunkSize', 1) ?? 512;
    this.chunkOverlap = checkInteger(options.chunkOverlap, 'chunkOverlap', 0) ?? 50;
    if (this.chunkOverlap >= this.chunkSize) {
      throw new ConfigError(
        `chunkOverlap (${this.chunkOverlap}) must be smaller than chunkSize (${this.chunkSize}).`,
        'chunkOverlap',
      );
    }
    const separators = options.separators ?? DEFAULT_SEPARATORS;
    if (!Array.isArray(separators) || !separators.every((s) => typeof s === 'string' && s)) {
      throw new ConfigError('separators must be an array of non-empty strings.', 'separators');
    }
    this.separators = [...separators];
  }

  /**
   * The chunks of `text`, trimmed first: `[]` for empty or whitespace-only text, the whole text
   * when it fits in `chunkSize`.
   */
  split(text: string): string[] {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    if (length(trimmed) <= this.chunkSize) return [trimmed];
    return this.#splitLong(trimmed);
  }

  #splitLong(text: string): string[] {
    for (const separator of this.separators) {
      const parts = text.split(separator);
      if (parts.length > 1) return this.#withOverlap(this.#merge(parts, separator));
    }
    return this.#hardSplit(text);
  }

  #merge(parts: string[], separator: string): string[] {
    const chunks: string[] = [];
    let current = '';
    for (const part of parts) {
      const candidate = current ? current + separator + part : part;
      if (length(candidate) <= this.chunkSize) {
        current = candidate;
        continue;
      }
      if (current) chunks.push(current);
      if (length(part) > this.chunkSize) {
        chunks.push(...this.split(part));
        current = '';
      } else {
        current = part;
      }
    }
    if (current) chunks.push(current);
    return chunks;
  }

  #withOverlap(chunks: string[]): string[] {
    if (this.chunkOverlap === 0 || chunks.length < 2) return chunks;
    return chunks.map((chunk, index) =>
      index === 0 ? chunk : lastCharacters(chunks[index - 1] ?? '', this.chunkOverlap) + chunk,
    );
  }

  /** No separator at all: fixed windows stepping by chunkSize - chunkOverlap. */
  #hardSplit(text: string): string[] {
    const characters = Array.from(text);
    const step = this.chunkSize - this.chunkOverlap;
    const chunks: string[] = [];
    for (let start = 0; start < characters.length; start += step) {
      chunks.push(characters.slice(start, start + this.chunkSize).join(''));
    }
    return chunks;
  }
}

// Lengths count code points, as the original (Python) does, so an emoji is one character.
function length(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function lastCharacters(text: string, count: number): string {
  return Array.from(text).slice(-count).join('');
}

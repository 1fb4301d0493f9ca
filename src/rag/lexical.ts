import MiniSearch, { type AsPlainObject } from 'minisearch';
import { ConfigError } from '../errors.js';

interface IndexedChunk {
  id: number;
  text: string;
}

/** A ranked hit: the chunk id and its score. */
export interface Ranked {
  id: number;
  score: number;
}

// The same options must be used to build and to load an index, so they live here once.
const INDEX_OPTIONS = {
  fields: ['text'],
  searchOptions: {
    // "plant" also finds "plants"; shorter terms only match whole words, to keep noise down.
    prefix: (term: string) => term.length >= 4,
  },
};

/**
 * BM25 full-text search over chunk texts (MiniSearch: BM25+, Unicode word splitting,
 * lower-casing). No model and no network.
 */
export class LexicalIndex {
  readonly #search: MiniSearch<IndexedChunk>;

  constructor(search?: MiniSearch<IndexedChunk>) {
    this.#search = search ?? new MiniSearch<IndexedChunk>(INDEX_OPTIONS);
  }

  /** Rebuild from `toJSON()` output; a damaged index is a ConfigError. */
  static fromJSON(json: unknown): LexicalIndex {
    try {
      return new LexicalIndex(
        MiniSearch.loadJS<IndexedChunk>(json as AsPlainObject, INDEX_OPTIONS),
      );
    } catch (error) {
      throw new ConfigError(`the search index is damaged (${(error as Error).message})`, 'index');
    }
  }

  get size(): number {
    return this.#search.documentCount;
  }

  add(chunks: IndexedChunk[]): void {
    this.#search.addAll(chunks);
  }

  /** Chunks matching any query term, best first, limited to those `accept` lets through. */
  rank(query: string, accept: (id: number) => boolean): Ranked[] {
    return this.#search
      .search(query, { filter: (result) => accept(result.id as number) })
      .map((result) => ({ id: result.id as number, score: result.score }));
  }

  toJSON(): AsPlainObject {
    return this.#search.toJSON();
  }
}

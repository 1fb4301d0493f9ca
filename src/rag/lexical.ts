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
 * At most this many words of a question are searched for; the rest of a longer question is
 * not. Each word is a walk of the index (a prefix search for words of four letters or more)
 * and a merge of its hits, all synchronous: a 6 MB question blocked the event loop for
 * seconds. 1,024 is Lucene's historical limit on the clauses of one query, and far more than
 * a question has; shorter questions are searched exactly as written.
 */
export const MAX_QUERY_TERMS = 1_024;

// Only this much of a question is split into words, so the bound costs no more than it saves;
// 1,024 words of any usual length fit well within it.
const MAX_QUERY_CHARS = 32_768;

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** The question as searched: its first MAX_QUERY_TERMS words, or itself when it has fewer. */
export function boundedQuery(query: string): string {
  const cut = query.length > MAX_QUERY_CHARS;
  const words = tokenize(cut ? query.slice(0, MAX_QUERY_CHARS) : query).filter(Boolean);
  // A cut can end inside a word: drop that partial word.
  if (cut) words.pop();
  if (!cut && words.length <= MAX_QUERY_TERMS) return query;
  return words.slice(0, MAX_QUERY_TERMS).join(' ');
}

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

  /**
   * Chunks matching any query term, best first, limited to those `accept` lets through. Only
   * the first {@link MAX_QUERY_TERMS} words of the query count.
   */
  rank(query: string, accept: (id: number) => boolean): Ranked[] {
    return this.#search
      .search(boundedQuery(query), { filter: (result) => accept(result.id as number) })
      .map((result) => ({ id: result.id as number, score: result.score }));
  }

  toJSON(): AsPlainObject {
    return this.#search.toJSON();
  }
}

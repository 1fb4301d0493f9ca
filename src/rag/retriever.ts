import type { AsPlainObject } from 'minisearch';
import { ConfigError } from '../errors.js';
import {
  metadataMatcher,
  type Chunk,
  type MetadataFilter,
  type RetrievedChunk,
} from './documents.js';
import type { EmbeddingInputType, Embeddings } from '../embeddings/types.js';
import { LexicalIndex, type Ranked } from './lexical.js';
import { checkInteger } from './validate.js';
import { VectorIndex } from './vectors.js';

/**
 * Options of {@link Retriever.retrieve}.
 *
 * @category RAG
 */
export interface RetrieveOptions {
  /** How many chunks to return at most, default 5. */
  topK?: number;
  /** Only chunks whose metadata passes this filter are returned. */
  filter?: MetadataFilter;
  /** Cancels the query's embeddings request (hybrid retrieval). */
  signal?: AbortSignal;
}

/**
 * Everything a retriever holds, as plain JSON (what {@link RAG.save} writes).
 *
 * @category RAG
 */
export interface RetrieverSnapshot {
  /** The stored chunks, in the order they were added (a chunk's id is its position). */
  chunks: Chunk[];
  /** MiniSearch's own serialisation of the BM25 index. */
  index: AsPlainObject;
  /** One vector per chunk, or null when the store was built without embeddings. */
  vectors: number[][] | null;
}

/** The constant of reciprocal rank fusion; 60 is the value of the original paper. */
const RRF_K = 60;

/**
 * Finds the chunks for a question. Lexical BM25 by default (no model, no network); with
 * `embeddings`, hybrid: the BM25 ranking and the cosine ranking fused by reciprocal rank, so
 * exact terms (names, codes) and paraphrases both count.
 *
 * @category RAG
 */
export class Retriever {
  /** The embeddings model of hybrid retrieval; undefined for lexical only. */
  readonly embeddings: Embeddings | undefined;
  #chunks: Chunk[] = [];
  #lexical = new LexicalIndex();
  #vectors = new VectorIndex();

  /**
   * @param options `embeddings` turns on hybrid retrieval; without it, lexical only.
   * @throws ConfigError when `embeddings` has no `embed` method.
   */
  constructor(options: { embeddings?: Embeddings | undefined } = {}) {
    const embeddings = options.embeddings;
    if (embeddings !== undefined && typeof embeddings?.embed !== 'function') {
      throw new ConfigError(
        'embeddings must have an embed(texts) method returning one vector per text.',
        'embeddings',
      );
    }
    this.embeddings = embeddings;
  }

  /** Number of chunks stored. */
  get size(): number {
    return this.#chunks.length;
  }

  /**
   * Store chunks (embedding them first in hybrid mode). All-or-nothing: a failed embeddings
   * call stores none of them.
   */
  async add(chunks: Chunk[], options: { signal?: AbortSignal } = {}): Promise<void> {
    if (chunks.length === 0) return;
    const vectors = this.embeddings
      ? await this.#embed(
          chunks.map((chunk) => chunk.text),
          'document',
          options.signal,
        )
      : undefined;
    // Nothing awaits from here on, so concurrent adds never interleave their chunk ids.
    if (vectors) this.#vectors.add(vectors);
    const first = this.#chunks.length;
    this.#chunks.push(...chunks);
    this.#lexical.add(chunks.map((chunk, offset) => ({ id: first + offset, text: chunk.text })));
  }

  /**
   * The best chunks for `query`, best first, at most `topK` (default 5), each with a copy of
   * its metadata. Lexical scores are BM25, and only chunks matching a word of the query are
   * returned; hybrid scores are fused ranks (every stored chunk can be returned). An empty
   * store gives `[]`. BM25 searches only the first 1,024 words of the query, so a huge
   * question cannot block the event loop for long.
   *
   * @throws ConfigError for a bad `topK` or `filter`, or when `embeddings` returns no usable
   *   vector; the embeddings client's own errors in hybrid mode.
   */
  async retrieve(query: string, options: RetrieveOptions = {}): Promise<RetrievedChunk[]> {
    const topK = checkInteger(options.topK, 'topK', 1) ?? 5;
    const accept = this.#acceptor(options.filter);
    if (this.#chunks.length === 0) return [];
    const lexical = this.#lexical.rank(query, accept);
    let ranked = lexical;
    if (this.embeddings) {
      const [queryVector] = await this.#embed([query], 'query', options.signal);
      ranked = reciprocalRankFusion([lexical, this.#vectors.rank(queryVector ?? [], accept)]);
    }
    return ranked.slice(0, topK).map(({ id, score }) => {
      const chunk = this.#chunks[id] as Chunk;
      return { text: chunk.text, metadata: structuredClone(chunk.metadata), score };
    });
  }

  /** The contents as plain JSON, for saving; {@link Retriever.restore} reads it back. */
  snapshot(): RetrieverSnapshot {
    return {
      chunks: this.#chunks.map((chunk) => ({ text: chunk.text, metadata: chunk.metadata })),
      index: this.#lexical.toJSON(),
      vectors: this.#vectors.size > 0 ? this.#vectors.toJSON() : null,
    };
  }

  /**
   * Replace the contents with a snapshot. Chunks saved without vectors are embedded now when
   * this retriever has embeddings; saved vectors are dropped when it has none (lexical only).
   */
  async restore(
    snapshot: RetrieverSnapshot,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    const lexical = LexicalIndex.fromJSON(snapshot.index);
    if (lexical.size !== snapshot.chunks.length) {
      throw new ConfigError(
        `the search index holds ${lexical.size} chunks but the file has ${snapshot.chunks.length}`,
        'index',
      );
    }
    const vectors = new VectorIndex();
    if (this.embeddings) {
      vectors.add(
        snapshot.vectors ??
          (await this.#embed(
            snapshot.chunks.map((chunk) => chunk.text),
            'document',
            options.signal,
          )),
      );
    }
    this.#chunks = snapshot.chunks;
    this.#lexical = lexical;
    this.#vectors = vectors;
  }

  /** The filter as a test over chunk ids, evaluated at most once per chunk per query. */
  #acceptor(filter: MetadataFilter | undefined): (id: number) => boolean {
    const matches = metadataMatcher(filter);
    const verdicts = new Map<number, boolean>();
    return (id) => {
      let verdict = verdicts.get(id);
      if (verdict === undefined) {
        const chunk = this.#chunks[id];
        verdict = chunk !== undefined && matches(chunk.metadata);
        verdicts.set(id, verdict);
      }
      return verdict;
    };
  }

  /**
   * Chunks are embedded as documents and questions as queries, so providers with task-specific
   * embeddings (Cohere, Gemini) get the right input type for each side.
   */
  async #embed(
    texts: string[],
    inputType: EmbeddingInputType,
    signal: AbortSignal | undefined,
  ): Promise<number[][]> {
    const embeddings = this.embeddings as Embeddings;
    const vectors: unknown = await embeddings.embed(
      texts,
      signal ? { inputType, signal } : { inputType },
    );
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw new ConfigError(
        `embeddings.embed() returned ${Array.isArray(vectors) ? vectors.length : 'no array of'} vectors for ${texts.length} texts; it must return one per text.`,
        'embeddings',
      );
    }
    for (const vector of vectors) {
      if (
        !Array.isArray(vector) ||
        !vector.every((x) => typeof x === 'number' && Number.isFinite(x))
      ) {
        throw new ConfigError(
          'embeddings.embed() must return arrays of finite numbers.',
          'embeddings',
        );
      }
    }
    return vectors as number[][];
  }
}

/**
 * Reciprocal rank fusion (Cormack, Clarke & Buettcher, 2009): every ranking adds
 * 1 / (60 + rank) to each chunk it lists, so agreement between rankings wins and raw scores of
 * different scales (BM25, cosine) never need normalising.
 */
export function reciprocalRankFusion(rankings: Ranked[][]): Ranked[] {
  const fused = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach(({ id }, index) => {
      fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + index + 1));
    });
  }
  // Stable sort: ties keep the order of the first ranking, then the second.
  return [...fused].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

import { ConfigError } from '../errors.js';
import { show } from './validate.js';

/**
 * Free-form facts about a document (source, author, tags...). Copied as JSON when added, so it
 * must be JSON-serialisable; later changes to your object do not reach the store.
 *
 * @category RAG
 */
export type Metadata = Record<string, unknown>;

/**
 * A text to add, with optional metadata copied onto each of its chunks.
 *
 * @category RAG
 */
export interface Document {
  /** The document's text; split into chunks when added. */
  text: string;
  /** Copied onto each chunk, e.g. `{ source: 'faq.md' }`; default `{}`. */
  metadata?: Metadata;
}

/**
 * One stored piece of a document.
 *
 * @category RAG
 */
export interface Chunk {
  /** The chunk's text, as sent to the model as context. */
  text: string;
  /** The metadata of the document it came from (`{}` when none was given). */
  metadata: Metadata;
}

/**
 * A chunk found for a query (results come best first), with a copy of its metadata.
 *
 * @category RAG
 */
export interface RetrievedChunk extends Chunk {
  /**
   * Higher is better: the BM25 score (lexical retrieval) or the reciprocal-rank-fusion score
   * (hybrid). Comparable within one result list only.
   */
  score: number;
}

/**
 * Which chunks retrieval may return: an object (every key must equal the chunk's metadata
 * value, compared with ===) or a predicate over the chunk's metadata (a chunk passes when it
 * returns `true`).
 *
 * @example
 * ```ts
 * await rag.ask('What changed?', { filter: { source: 'changelog.md' } });
 * await rag.ask('What changed?', { filter: (metadata) => metadata.year === 2025 });
 * ```
 *
 * @category RAG
 */
export type MetadataFilter = Record<string, unknown> | ((metadata: Metadata) => boolean);

/** Compile a filter once per query into a test over metadata. */
export function metadataMatcher(
  filter: MetadataFilter | undefined,
): (metadata: Metadata) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return (metadata) => filter(metadata) === true;
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new ConfigError(
      `filter must be an object such as { source: "faq" } or a function of the metadata (got ${show(filter)}).`,
      'filter',
    );
  }
  const wanted = Object.entries(filter);
  return (metadata) => wanted.every(([key, value]) => metadata[key] === value);
}

/**
 * A private JSON copy of the caller's metadata: later changes to their object do not leak in,
 * and anything that could not be saved is refused now rather than at save time.
 */
export function copyMetadata(metadata: unknown): Metadata {
  if (metadata === undefined) return {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new ConfigError(
      `metadata must be a plain object such as { source: "faq.md" } (got ${show(metadata)}).`,
      'metadata',
    );
  }
  try {
    return JSON.parse(JSON.stringify(metadata)) as Metadata;
  } catch (error) {
    throw new ConfigError(
      `metadata must be JSON-serialisable (it is saved with the documents): ${(error as Error).message}`,
      'metadata',
    );
  }
}

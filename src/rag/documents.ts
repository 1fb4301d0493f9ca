import { ConfigError } from '../errors.js';
import { show } from './validate.js';

/** Free-form facts about a document (source, author, tags...). Stored as JSON. */
export type Metadata = Record<string, unknown>;

/** A text to add, with optional metadata copied onto each of its chunks. */
export interface Document {
  text: string;
  metadata?: Metadata;
}

/** One stored piece of a document. */
export interface Chunk {
  text: string;
  metadata: Metadata;
}

/** A chunk found for a query, best first; `score` is BM25 (lexical) or fused (hybrid). */
export interface RetrievedChunk extends Chunk {
  score: number;
}

/**
 * Which chunks retrieval may return: an object (every key must equal the chunk's metadata
 * value, compared with ===) or a predicate over the chunk's metadata.
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

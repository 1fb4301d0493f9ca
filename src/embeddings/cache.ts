import { createHash } from 'node:crypto';
import type { CacheBackend } from '../cache/backend.js';
import type { EntryFormat } from '../cache/entry.js';
import { canonicalJson } from '../cache/key.js';
import { TolerantStore } from '../cache/outages.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import type { ProviderName } from '../types.js';

/** Bumped whenever the key's inputs or the stored format change. */
export const EMBEDDINGS_CACHE_VERSION = 1;

/** A cached vector: what the backends store for one text. */
export type CachedVector = readonly number[];

/**
 * Vectors have their own table and Redis prefix, apart from the response cache's entries. The
 * stored text is the base64 of the vector's float64 values, little-endian: exact (a hit returns
 * the very numbers the provider sent), about 30 % shorter than JSON, and quick to read.
 */
export const VECTOR_FORMAT: EntryFormat<CachedVector> = {
  table: `synapsekit_embeddings_v${EMBEDDINGS_CACHE_VERSION}`,
  redisPrefix: `synapsekit:embeddings:v${EMBEDDINGS_CACHE_VERSION}:`,
  serialize: (vector) => {
    const bytes = Buffer.allocUnsafe(vector.length * 8);
    vector.forEach((value, index) => bytes.writeDoubleLE(value, index * 8));
    return bytes.toString('base64');
  },
  parse: (raw) => {
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length === 0 || bytes.length % 8 !== 0) return undefined;
    const vector = new Array<number>(bytes.length / 8);
    for (let index = 0; index < vector.length; index++) {
      const value = bytes.readDoubleLE(index * 8);
      if (!Number.isFinite(value)) return undefined;
      vector[index] = value;
    }
    return vector;
  },
  // A private copy: hits hand out copies of it (`model.ts`), so no caller can change it. Not
  // frozen: slicing a frozen array takes V8's slow generic path (hundreds of µs a vector).
  keep: (vector) => vector.slice(),
};

/** Everything but the text that decides a vector. Never the API key. */
export interface VectorKeyInput {
  provider: ProviderName;
  /** The resolved request URL, which providers keep free of secrets. */
  endpoint: string;
  /** Non-secret provider settings outside the URL (a Bedrock region behind a proxy). */
  keyOptions: Record<string, unknown>;
  model: string;
  dimensions: number | undefined;
  /** The provider's own input-type value as sent (undefined for providers without one). */
  inputType: string | undefined;
  extraBody: Record<string, unknown>;
  namespace: string | undefined;
}

/**
 * The part of every key that does not depend on the text: a canonical JSON, computed once per
 * model and input type. A text's key is the SHA-256 of it followed by the text; the JSON is a
 * complete value, so no other split of the same bytes is a valid prefix.
 */
export function vectorKeyPrefix(input: VectorKeyInput): string {
  return canonicalJson({
    kind: 'embedding',
    version: EMBEDDINGS_CACHE_VERSION,
    provider: input.provider,
    endpoint: input.endpoint,
    keyOptions: input.keyOptions,
    model: input.model,
    dimensions: input.dimensions ?? null,
    inputType: input.inputType ?? null,
    extraBody: input.extraBody,
    namespace: input.namespace ?? null,
  });
}

/** The key of one text under a prefix from {@link vectorKeyPrefix}. */
export function vectorKey(prefix: string, text: string): string {
  return createHash('sha256').update(prefix).update(text).digest('hex');
}

/**
 * The vector cache of one embeddings instance: lookups and stores per text over a backend, with
 * the hit and miss counters. A broken backend is a miss (or a vector not stored) with one warning
 * per outage, never a failed call; a missing driver is the user's to fix (ConfigError).
 */
export class VectorCache {
  /** The backend; a broken one is a miss with one warning (to the instance's logger). */
  readonly #store: TolerantStore<CachedVector>;
  #hits = 0;
  #misses = 0;

  constructor(backend: CacheBackend<CachedVector>, logger: Logger = defaultLogger) {
    this.#store = new TolerantStore(
      backend,
      { subject: 'vectors in the', meanwhile: 'Texts are embedded uncached' },
      logger,
    );
  }

  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#store.size };
  }

  /** The stored vector of each key, undefined where there is none. */
  lookup(keys: readonly string[]): Promise<Array<CachedVector | undefined>> {
    return Promise.all(keys.map((key) => this.#read(key)));
  }

  /** Store vectors by key; failures are warned about, never thrown. */
  async store(entries: ReadonlyArray<readonly [key: string, vector: CachedVector]>): Promise<void> {
    await Promise.all(entries.map(([key, vector]) => this.#store.write(key, vector)));
  }

  close(): Promise<void> {
    return this.#store.close();
  }

  async #read(key: string): Promise<CachedVector | undefined> {
    const vector = await this.#store.read(key);
    if (vector === undefined) this.#misses++;
    else this.#hits++;
    return vector;
  }
}

import { ConfigError } from '../errors.js';
import type { Ranked } from './lexical.js';

/** Chunk vectors by chunk id, searched by cosine similarity (brute force: exact, and fast enough in memory). */
export class VectorIndex {
  readonly #vectors: number[][] = [];
  readonly #norms: number[] = [];

  get size(): number {
    return this.#vectors.length;
  }

  get dimensions(): number | undefined {
    return this.#vectors[0]?.length;
  }

  /** Append vectors for the next chunk ids; all must have the index's dimensions. */
  add(vectors: number[][]): void {
    for (const vector of vectors) this.#checkDimensions(vector);
    for (const vector of vectors) {
      this.#vectors.push(vector);
      this.#norms.push(norm(vector));
    }
  }

  /** Every accepted chunk, most similar first. */
  rank(query: number[], accept: (id: number) => boolean): Ranked[] {
    this.#checkDimensions(query);
    const queryNorm = norm(query);
    const ranked: Ranked[] = [];
    this.#vectors.forEach((vector, id) => {
      if (!accept(id)) return;
      const denominator = queryNorm * (this.#norms[id] ?? 0);
      ranked.push({ id, score: denominator === 0 ? 0 : dot(query, vector) / denominator });
    });
    return ranked.sort((a, b) => b.score - a.score);
  }

  toJSON(): number[][] {
    return this.#vectors;
  }

  #checkDimensions(vector: number[]): void {
    const expected = this.dimensions;
    if (expected !== undefined && vector.length !== expected) {
      throw new ConfigError(
        `The embeddings model returned vectors of ${vector.length} dimensions, but the stored ones have ${expected}. ` +
          'The documents were embedded with another model: use that model, or rebuild the store.',
        'embeddings',
      );
    }
  }
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

function norm(vector: number[]): number {
  return Math.sqrt(dot(vector, vector));
}

import { ProviderError } from '../errors.js';
import type { ProviderName } from '../types.js';

/** The answer parsed but does not hold what the API documents: not worth retrying. */
export function unexpectedShape(provider: ProviderName, what: string): ProviderError {
  return new ProviderError(
    `${provider} answered the embeddings request without ${what}. Check the model id and ` +
      'baseUrl (is it an embeddings endpoint of this provider?).',
    { provider, retryable: false },
  );
}

/**
 * One vector from an answer: an array of finite numbers, or (OpenAI's `encoding_format:
 * 'base64'`) the base64 of little-endian float32 values.
 */
export function readVector(value: unknown, provider: ProviderName): number[] {
  const vector = typeof value === 'string' ? float32FromBase64(value) : value;
  if (!Array.isArray(vector) || vector.length === 0 || !vector.every(isFiniteNumber)) {
    throw unexpectedShape(provider, 'a vector of numbers for every text');
  }
  return vector as number[];
}

/** One vector per text, `count` of them, each checked. */
export function readVectors(rows: unknown, count: number, provider: ProviderName): number[][] {
  if (!Array.isArray(rows) || rows.length !== count) {
    throw unexpectedShape(provider, `${count} vectors (one per text)`);
  }
  return rows.map((row) => readVector(row, provider));
}

/** A token count from an answer, or undefined when it is not a non-negative number. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function float32FromBase64(text: string): number[] | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  const vector = new Array<number>(bytes.length / 4);
  // readFloatLE rather than a Float32Array view: the bytes are little-endian on every platform,
  // and a pooled Buffer's offset need not be aligned for a view.
  for (let index = 0; index < vector.length; index++) vector[index] = bytes.readFloatLE(index * 4);
  return vector;
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

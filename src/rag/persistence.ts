import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Chunk } from './documents.js';
import type { Retriever, RetrieverSnapshot } from './retriever.js';

/** What identifies our files, and the one layout this code reads and writes. */
export const RAG_FILE_FORMAT = 'synapsekit-rag';
export const RAG_FILE_VERSION = 1;

/**
 * Write the retriever's chunks, metadata, BM25 index and vectors as one versioned JSON file.
 * The bytes go to a temporary file in the same directory, are flushed to disk, and only then
 * renamed over `path` (atomic on POSIX and Windows), so a failed or interrupted save leaves the
 * previous file as it was.
 */
export async function saveRetriever(retriever: Retriever, path: string): Promise<void> {
  checkPath(path);
  if (retriever.size === 0) {
    throw new ConfigError(
      'Nothing to save: the store is empty. Add documents first (this also keeps an empty store from replacing a saved one).',
      'path',
    );
  }
  const snapshot = retriever.snapshot();
  const body = JSON.stringify({
    format: RAG_FILE_FORMAT,
    version: RAG_FILE_VERSION,
    savedAt: new Date().toISOString(),
    chunks: snapshot.chunks,
    index: snapshot.index,
    vectors: snapshot.vectors,
  });
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(body, 'utf8');
    await file.sync();
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Replace the retriever's contents with a file written by `saveRetriever`. */
export async function loadRetriever(
  retriever: Retriever,
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  checkPath(path);
  const snapshot = await readSnapshot(path);
  try {
    await retriever.restore(snapshot, options);
  } catch (error) {
    // The index failed to load or disagrees with the chunks: the file is damaged.
    if (error instanceof ConfigError && error.field === 'index') {
      throw fileError(path, error.message);
    }
    throw error;
  }
}

async function readSnapshot(path: string): Promise<RetrieverSnapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileError(path, `it cannot be read (${(error as Error).message})`);
  }
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw fileError(path, 'it is not valid JSON (corrupt or cut short?)');
  }
  if (!isRecord(file) || file.format !== RAG_FILE_FORMAT) {
    throw fileError(path, `it is not a synapsekit RAG file (no "format": "${RAG_FILE_FORMAT}")`);
  }
  if (file.version !== RAG_FILE_VERSION) {
    const newer = typeof file.version === 'number' && file.version > RAG_FILE_VERSION;
    throw fileError(
      path,
      `it has format version ${JSON.stringify(file.version)}, and this synapsekit reads version ${RAG_FILE_VERSION}. ` +
        (newer
          ? 'Upgrade synapsekit to read it'
          : 'Re-create it: add the documents again and save'),
    );
  }
  const chunks = readChunks(file.chunks);
  if (chunks === undefined) {
    throw fileError(path, '"chunks" must be a list of { text, metadata } objects');
  }
  if (!isRecord(file.index)) {
    throw fileError(path, '"index" is missing');
  }
  const vectors = file.vectors ?? null;
  if (vectors !== null && !isVectorList(vectors, chunks.length)) {
    throw fileError(
      path,
      `"vectors" must be null or ${chunks.length} lists of numbers of one length (one per chunk)`,
    );
  }
  return { chunks, index: file.index as RetrieverSnapshot['index'], vectors };
}

function readChunks(value: unknown): Chunk[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const valid = value.every(
    (chunk) => isRecord(chunk) && typeof chunk.text === 'string' && isRecord(chunk.metadata),
  );
  return valid ? (value as Chunk[]) : undefined;
}

function isVectorList(value: unknown, count: number): value is number[][] {
  if (!Array.isArray(value) || value.length !== count) return false;
  const dimensions = Array.isArray(value[0]) ? value[0].length : 0;
  return value.every(
    (vector) =>
      Array.isArray(vector) &&
      vector.length === dimensions &&
      vector.every((x) => typeof x === 'number' && Number.isFinite(x)),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkPath(path: unknown): void {
  if (typeof path !== 'string' || path === '') {
    throw new ConfigError('path must be a non-empty file path string.', 'path');
  }
}

function fileError(path: string, reason: string): ConfigError {
  return new ConfigError(`Cannot load the RAG file ${path}: ${reason}.`, 'path');
}

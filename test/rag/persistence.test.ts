import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, RAG, type Embeddings } from '../../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synapsekit-rag-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const newRAG = (embeddings?: Embeddings) =>
  new RAG({ model: 'gpt-4o-mini', apiKey: 'unused', embeddings });

/** A user-supplied embeddings model: one dimension per concept word list. Counts its texts. */
function conceptEmbeddings(): Embeddings & { texts: number } {
  const concepts = [
    ['car', 'automobile'],
    ['capital', 'city'],
    ['plant', 'leaf'],
  ];
  const model = {
    texts: 0,
    embed: async (texts: string[]) => {
      model.texts += texts.length;
      return texts.map((text) =>
        concepts.map((words) => (words.some((w) => text.includes(w)) ? 1 : 0)),
      );
    },
  };
  return model;
}

async function seeded(embeddings?: Embeddings): Promise<RAG> {
  const rag = newRAG(embeddings);
  await rag.add('Paris is the capital of France.', { source: 'geo.md' });
  await rag.add('Photosynthesis lets a plant turn light into sugar.', { source: 'bio.md' });
  await rag.add('Your car needs an oil change every year.', { source: 'auto.md' });
  return rag;
}

describe('RAG.save / RAG.load', () => {
  it('a new RAG loading the file finds the same documents, metadata and scores', async () => {
    const path = join(dir, 'store.json');
    const original = await seeded();
    await original.save(path);
    const loaded = newRAG();
    await loaded.load(path);
    for (const question of ['capital of France', 'photosynthesis', 'oil change']) {
      expect(await loaded.retrieve(question)).toEqual(await original.retrieve(question));
    }
    expect((await loaded.retrieve('capital of France'))[0]).toMatchObject({
      text: 'Paris is the capital of France.',
      metadata: { source: 'geo.md' },
    });
    // Nothing but the file is left behind.
    expect(await readdir(dir)).toEqual(['store.json']);
  });

  it('writes one versioned JSON file with chunks, metadata, the BM25 index and vectors', async () => {
    const path = join(dir, 'store.json');
    await (await seeded(conceptEmbeddings())).save(path);
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'synapsekit-rag', version: 1 });
    expect(file.chunks).toEqual([
      { text: 'Paris is the capital of France.', metadata: { source: 'geo.md' } },
      {
        text: 'Photosynthesis lets a plant turn light into sugar.',
        metadata: { source: 'bio.md' },
      },
      { text: 'Your car needs an oil change every year.', metadata: { source: 'auto.md' } },
    ]);
    expect(file.index).toMatchObject({ documentCount: 3, serializationVersion: 2 });
    expect(file.vectors).toEqual([
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('hybrid: saved vectors are reused, not re-embedded; a lexical file is embedded on load', async () => {
    const hybridPath = join(dir, 'hybrid.json');
    await (await seeded(conceptEmbeddings())).save(hybridPath);
    const embeddings = conceptEmbeddings();
    const hybrid = newRAG(embeddings);
    await hybrid.load(hybridPath);
    expect(embeddings.texts).toBe(0);
    expect((await hybrid.retrieve('automobile', { topK: 1 }))[0]!.text).toContain('car');

    const lexicalPath = join(dir, 'lexical.json');
    await (await seeded()).save(lexicalPath);
    const upgraded = conceptEmbeddings();
    const rag = newRAG(upgraded);
    await rag.load(lexicalPath);
    expect(upgraded.texts).toBe(3);
    expect((await rag.retrieve('automobile', { topK: 1 }))[0]!.text).toContain('car');

    // A lexical RAG reads a hybrid file too (it ranks with BM25 only).
    const lexical = newRAG();
    await lexical.load(hybridPath);
    expect((await lexical.retrieve('oil'))[0]!.text).toContain('car');
  });

  it('load replaces the documents and keeps the conversation memory', async () => {
    const path = join(dir, 'store.json');
    await (await seeded()).save(path);
    const rag = newRAG();
    await rag.add('Zebras have stripes.');
    rag.memory.add('user', 'Q');
    await rag.load(path);
    expect(await rag.retrieve('zebras')).toEqual([]);
    expect(rag.memory.length).toBe(1);
  });

  describe('files it cannot read are a ConfigError naming the file', () => {
    const cases: Array<[string, (saved: string) => string, RegExp]> = [
      ['garbage', () => 'not json at all', /not valid JSON/],
      ['a file cut short', (saved) => saved.slice(0, saved.length / 2), /not valid JSON/],
      ['another JSON file', () => '{"hello":"world"}', /not a synapsekit RAG file/],
      [
        'a newer version',
        (saved) => saved.replace('"version":1', '"version":2'),
        /format version 2, and this synapsekit reads version 1\. Upgrade synapsekit/,
      ],
      [
        'an older version',
        (saved) => saved.replace('"version":1', '"version":0'),
        /format version 0.*Re-create it/,
      ],
      [
        'chunks of the wrong shape',
        (saved) => saved.replace('"chunks":[{"text":"Paris', '"chunks":[{"txt":"Paris'),
        /"chunks" must be a list/,
      ],
      [
        'an index that disagrees with the chunks',
        (saved) => saved.replace('"documentCount":3', '"documentCount":2'),
        /the search index holds 2 chunks but the file has 3/,
      ],
      [
        'a damaged index',
        (saved) => saved.replace('"serializationVersion":2', '"serializationVersion":99'),
        /the search index is damaged/,
      ],
      [
        'vectors missing a chunk',
        (saved) => saved.replace('"vectors":[[0,1,0],', '"vectors":['),
        /"vectors" must be null or 3 lists/,
      ],
    ];

    it.each(cases)('%s', async (_name, damage, message) => {
      const path = join(dir, 'store.json');
      await (await seeded(conceptEmbeddings())).save(path);
      await writeFile(path, damage(await readFile(path, 'utf8')));
      const rag = await seeded();
      const error = await rag.load(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`Cannot load the RAG file ${path}`);
      expect((error as Error).message).toMatch(message);
      // A failed load leaves the current documents alone.
      expect(await rag.retrieve('capital')).toHaveLength(1);
    });

    it('a missing file', async () => {
      await expect(newRAG().load(join(dir, 'nope.json'))).rejects.toThrow(
        /Cannot load the RAG file .*nope\.json: it cannot be read \(ENOENT/,
      );
    });
  });

  it('an empty store is not saved, so it cannot replace a saved one', async () => {
    const path = join(dir, 'store.json');
    await (await seeded()).save(path);
    const before = await readFile(path, 'utf8');
    await expect(newRAG().save(path)).rejects.toThrow(/Nothing to save/);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('a save that fails mid-write (file size limit, like a full disk) keeps the previous file intact', async () => {
    const path = join(dir, 'store.json');
    await (await seeded()).save(path);
    const before = await readFile(path, 'utf8');
    // The child writes ~1 MB under a 64 KiB file-size limit: the write fails with EFBIG.
    const { stdout } = await promisify(execFile)(
      'bash',
      [
        '-c',
        'ulimit -f 64 && exec node_modules/.bin/vite-node test/rag/fixtures/save-large.ts "$0"',
        path,
      ],
      { cwd: join(import.meta.dirname, '../..') },
    );
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<
      string,
      unknown
    >;
    expect(outcome).toEqual({ saved: false, code: 'EFBIG', files: ['store.json'] });
    expect(await readFile(path, 'utf8')).toBe(before);
    const rag = newRAG();
    await rag.load(path);
    expect((await rag.retrieve('capital'))[0]!.text).toBe('Paris is the capital of France.');
  });

  it('a save into a missing directory fails with the file system error and writes nothing', async () => {
    const rag = await seeded();
    await expect(rag.save(join(dir, 'missing', 'store.json'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('saving again replaces the file', async () => {
    const path = join(dir, 'store.json');
    const rag = await seeded();
    await rag.save(path);
    await rag.add('Zebras have stripes.');
    await rag.save(path);
    const loaded = newRAG();
    await loaded.load(path);
    expect((await loaded.retrieve('zebras'))[0]!.text).toBe('Zebras have stripes.');
    expect(await readdir(dir)).toEqual(['store.json']);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, Retriever, type Embeddings } from '../../src/index.js';
import { MAX_QUERY_TERMS } from '../../src/rag/lexical.js';
import { reciprocalRankFusion } from '../../src/rag/retriever.js';

/**
 * A user-supplied embeddings model (what the Embeddings interface is for): one dimension per
 * concept, 1 when the text mentions any word of it. Deterministic, so rankings are exact.
 */
class ConceptEmbeddings implements Embeddings {
  readonly calls: string[][] = [];
  constructor(
    private readonly concepts: string[][],
    private readonly delayFor: (texts: string[]) => number = () => 0,
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    this.calls.push(texts);
    await new Promise((resolve) => setTimeout(resolve, this.delayFor(texts)));
    return texts.map((text) =>
      this.concepts.map((words) =>
        words.some((word) => text.toLowerCase().includes(word)) ? 1 : 0,
      ),
    );
  }
}

const chunk = (text: string, metadata: Record<string, unknown> = {}) => ({ text, metadata });

describe('Retriever: lexical BM25 (default)', () => {
  it('ranks by BM25, best first, at most topK', async () => {
    const retriever = new Retriever();
    await retriever.add([
      chunk('Paris is the capital of France.'),
      chunk('Photosynthesis turns light into chemical energy in plants.'),
      chunk('France exports wine; its capital hosts the Louvre.'),
    ]);
    const results = await retriever.retrieve('What is the capital of France?', { topK: 2 });
    expect(results.map((r) => r.text)).toEqual([
      'Paris is the capital of France.',
      'France exports wine; its capital hosts the Louvre.',
    ]);
    expect(results[0]!.score).toBeGreaterThan(results[1]!.score);
    expect(await retriever.retrieve('photosynthesis', { topK: 5 })).toHaveLength(1);
  });

  it('returns nothing when no term matches, or when the store is empty', async () => {
    const retriever = new Retriever();
    expect(await retriever.retrieve('anything')).toEqual([]);
    await retriever.add([chunk('Paris is the capital of France.')]);
    expect(await retriever.retrieve('zebra')).toEqual([]);
  });

  it('matches plurals by prefix for terms of 4+ letters', async () => {
    const retriever = new Retriever();
    await retriever.add([chunk('Green plants grow toward light.'), chunk('A cat sleeps.')]);
    expect((await retriever.retrieve('plant')).map((r) => r.text)).toEqual([
      'Green plants grow toward light.',
    ]);
  });

  it('filters on metadata: object (every key equal) or predicate', async () => {
    const retriever = new Retriever();
    await retriever.add([
      chunk('Refund policy: 30 days.', { source: 'faq', lang: 'en' }),
      chunk('Refund policy for resellers: 14 days.', { source: 'contract', lang: 'en' }),
      chunk('Refund policy: 30 jours.', { source: 'faq', lang: 'fr' }),
    ]);
    const faqEnglish = await retriever.retrieve('refund policy', {
      filter: { source: 'faq', lang: 'en' },
    });
    expect(faqEnglish.map((r) => r.text)).toEqual(['Refund policy: 30 days.']);
    expect(faqEnglish[0]!.metadata).toEqual({ source: 'faq', lang: 'en' });

    const notFaq = await retriever.retrieve('refund policy', {
      filter: (metadata) => metadata.source !== 'faq',
    });
    expect(notFaq.map((r) => r.text)).toEqual(['Refund policy for resellers: 14 days.']);
    expect(await retriever.retrieve('refund', { filter: { source: 'blog' } })).toEqual([]);
    await expect(retriever.retrieve('refund', { filter: 'faq' as never })).rejects.toThrow(
      ConfigError,
    );
  });

  it('hands out copies of the metadata', async () => {
    const retriever = new Retriever();
    await retriever.add([chunk('alpha', { tags: ['x'] })]);
    const [first] = await retriever.retrieve('alpha');
    (first!.metadata.tags as string[]).push('y');
    const [again] = await retriever.retrieve('alpha');
    expect(again!.metadata).toEqual({ tags: ['x'] });
  });

  it('searches only the first 1,024 words of a question', async () => {
    const retriever = new Retriever();
    await retriever.add([chunk('Photosynthesis turns light into chemical energy in plants.')]);
    const filler = (words: number): string => 'qqq '.repeat(words);
    expect(await retriever.retrieve(`${filler(MAX_QUERY_TERMS - 1)}photosynthesis`)).toHaveLength(
      1,
    );
    expect(await retriever.retrieve(`${filler(MAX_QUERY_TERMS)}photosynthesis`)).toEqual([]);
  });

  it('a 6 MB question does not block the event loop for long', async () => {
    const retriever = new Retriever();
    await retriever.add([
      chunk('Paris is the capital of France and sits on the Seine.'),
      chunk('Photosynthesis turns light into chemical energy in plants.'),
    ]);
    const question = 'What is the capital of France? '.repeat(200_000); // 6.2 MB
    // Searching is synchronous: the time to the answer is the time the event loop was blocked.
    const started = performance.now();
    const results = await retriever.retrieve(question);
    const blockedMs = performance.now() - started;
    expect(results[0]?.text).toContain('Paris');
    expect(blockedMs).toBeLessThan(1_000); // every word searched: about a minute here
  });

  it('rejects a bad topK', async () => {
    const retriever = new Retriever();
    await expect(retriever.retrieve('x', { topK: 0 })).rejects.toThrow(
      /topK must be an integer >= 1/,
    );
  });
});

describe('Retriever: hybrid (BM25 + cosine, reciprocal rank fusion)', () => {
  const concepts = [
    ['car', 'automobile', 'vehicle'],
    ['pasta', 'spaghetti', 'noodle'],
    ['repair', 'fix', 'mechanic'],
  ];

  it('finds a paraphrase that shares no word with the query', async () => {
    const embeddings = new ConceptEmbeddings(concepts);
    const retriever = new Retriever({ embeddings });
    await retriever.add([chunk('How to cook spaghetti.'), chunk('Your car needs an oil change.')]);
    expect(embeddings.calls).toEqual([['How to cook spaghetti.', 'Your car needs an oil change.']]);
    const lexicalOnly = new Retriever();
    await lexicalOnly.add([
      chunk('How to cook spaghetti.'),
      chunk('Your car needs an oil change.'),
    ]);
    expect(await lexicalOnly.retrieve('automobile maintenance')).toEqual([]);

    const [best] = await retriever.retrieve('automobile maintenance', { topK: 1 });
    expect(best!.text).toBe('Your car needs an oil change.');
  });

  it('a chunk both rankings agree on comes first; filters apply to both rankings', async () => {
    const retriever = new Retriever({ embeddings: new ConceptEmbeddings(concepts) });
    await retriever.add([
      chunk('The mechanic will fix brakes.', { shop: 'a' }),
      chunk('Car repair costs vary.', { shop: 'b' }),
      chunk('Noodle repair kit (a joke).', { shop: 'a' }),
    ]);
    const ranked = await retriever.retrieve('car repair', { topK: 3 });
    expect(ranked[0]!.text).toBe('Car repair costs vary.');
    const shopA = await retriever.retrieve('car repair', { topK: 3, filter: { shop: 'a' } });
    expect(shopA.map((r) => r.metadata.shop)).toEqual(['a', 'a']);
  });

  it('reciprocalRankFusion adds 1/(60 + rank) per ranking', () => {
    const fused = reciprocalRankFusion([
      [
        { id: 1, score: 9 },
        { id: 2, score: 5 },
        { id: 3, score: 1 },
      ],
      [
        { id: 3, score: 0.9 },
        { id: 1, score: 0.8 },
      ],
    ]);
    expect(fused.map((r) => r.id)).toEqual([1, 3, 2]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
  });

  it('concurrent adds that finish out of order keep each chunk with its own vector', async () => {
    // The first add embeds slowly, so the second one lands first.
    const embeddings = new ConceptEmbeddings(concepts, (texts) =>
      texts[0]!.includes('car') ? 60 : 0,
    );
    const retriever = new Retriever({ embeddings });
    await Promise.all([
      retriever.add([chunk('A car is a vehicle.')]),
      retriever.add([chunk('Spaghetti is pasta.')]),
    ]);
    expect(retriever.snapshot().chunks.map((c) => c.text)).toEqual([
      'Spaghetti is pasta.',
      'A car is a vehicle.',
    ]);
    const [best] = await retriever.retrieve('automobile', { topK: 1 });
    expect(best!.text).toBe('A car is a vehicle.');
  });

  it('a failed embeddings call stores nothing', async () => {
    const failing: Embeddings = {
      embed: async () => {
        throw new Error('embeddings service down');
      },
    };
    const retriever = new Retriever({ embeddings: failing });
    await expect(retriever.add([chunk('x')])).rejects.toThrow('embeddings service down');
    expect(retriever.size).toBe(0);
  });

  it('rejects embeddings that return the wrong number or kind of vectors, or another dimension', async () => {
    const wrongCount = new Retriever({ embeddings: { embed: async () => [[1, 0]] } });
    await expect(wrongCount.add([chunk('a'), chunk('b')])).rejects.toThrow(
      /returned 1 vectors for 2 texts/,
    );
    const notNumbers = new Retriever({ embeddings: { embed: async () => [['x']] as never } });
    await expect(notNumbers.add([chunk('a')])).rejects.toThrow(/finite numbers/);

    let dimensions = 3;
    const growing = new Retriever({
      embeddings: { embed: async (texts) => texts.map(() => new Array(dimensions).fill(1)) },
    });
    await growing.add([chunk('a')]);
    dimensions = 4;
    await expect(growing.retrieve('a')).rejects.toThrow(/4 dimensions, but the stored ones have 3/);
    expect(() => new Retriever({ embeddings: {} as Embeddings })).toThrow(ConfigError);
  });
});

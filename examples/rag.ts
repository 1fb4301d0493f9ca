/**
 * RAG: answers grounded in your own documents, with a conversation memory, the sources of each
 * answer, a usage tracer, save/load to a file, and hybrid (BM25 + embeddings) retrieval.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key
 *        (retrieval is BM25 by default: no embeddings model and no key of its own). The hybrid
 *        step runs only when OPENAI_API_KEY is set (OpenAI's text-embedding-3-small).
 * Run:   npx tsx examples/rag.ts
 *        (keyless: npm run example examples/rag.ts)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddings, RAG, type Document, type RetrievedChunk } from 'synapsekit';

const model = process.env.MODEL ?? 'gpt-4o-mini';

const documents: Document[] = [
  {
    text:
      'Acme Notes has three plans. Free: three notebooks and help from the community forum. ' +
      'Pro: unlimited notebooks and email support. Business: everything in Pro, plus phone ' +
      'support and single sign-on.',
    metadata: { source: 'plans.md' },
  },
  {
    text:
      'Prices per user and month: Free costs nothing, Pro costs 8 USD, Business costs 15 USD. ' +
      'Paying yearly makes Pro and Business 20% cheaper.',
    metadata: { source: 'pricing.md' },
  },
  {
    text:
      'A monthly subscription can be cancelled at any time; the current month is not refunded. ' +
      'A yearly subscription is refunded pro rata for the unused months, within five working days.',
    metadata: { source: 'refunds.md' },
  },
  {
    text:
      'Notes are encrypted at rest with AES-256 and in transit with TLS 1.3. ' +
      'All data stays in Frankfurt, Germany.',
    metadata: { source: 'security.md' },
  },
];

function showSources(chunks: RetrievedChunk[]): void {
  for (const chunk of chunks) {
    console.log(`  [${chunk.score.toFixed(3)}] ${String(chunk.metadata.source)}`);
  }
  if (chunks.length === 0) console.log('  (none)');
}

// The model's key comes from its provider's env var, as with createLLM.
const rag = new RAG({ model, retrievalTopK: 2 });
const temporaryDir = await mkdtemp(join(tmpdir(), 'synapsekit-rag-'));
try {
  const chunks = await rag.addDocuments(documents);
  console.log(`${documents.length} documents stored as ${chunks} chunks (lexical BM25 retrieval)`);

  // retrieve(): the chunks a question gets as context, best first, without calling the LLM.
  // BM25 returns only chunks sharing a word with the question, so there may be fewer than topK.
  const first = 'Which plan includes phone support?';
  console.log(`\nQ: ${first}\nsources:`);
  showSources(await rag.retrieve(first));
  console.log(`A: ${await rag.ask(first)}`);

  // "it" only makes sense with the first turn: the memory sends it along with this question.
  const second = 'How much does it cost per month?';
  console.log(`\nQ: ${second}\nsources:`);
  showSources(await rag.retrieve(second));
  process.stdout.write('A: ');
  for await (const text of rag.stream(second)) process.stdout.write(text);
  console.log(`\n(memory: ${rag.memory.length} messages)`);

  // Each answer's own tokens, latency and cost, recorded from that call's usage.
  const summary = rag.tracer.summary();
  console.log(
    `\ntracer: ${summary.calls} calls, ${summary.totalInputTokens} input + ` +
      `${summary.totalOutputTokens} output tokens, ${summary.totalLatencyMs.toFixed(0)} ms, ` +
      `estimated cost ${summary.estimatedCostUsd ?? 'unknown'} USD`,
  );

  // save() writes the chunks, metadata and index to one JSON file; load() reads them back into
  // another RAG (which starts with an empty memory: only the documents are saved).
  const file = join(temporaryDir, 'store.json');
  await rag.save(file);
  const restored = new RAG({ model, retrievalTopK: 2 });
  try {
    await restored.load(file);
    console.log(`\nsaved to and loaded from ${file}; sources for "Where is my data kept?":`);
    showSources(await restored.retrieve('Where is my data kept?'));
  } finally {
    await restored.close();
  }

  // Hybrid retrieval: the BM25 and embeddings rankings fused, so a document that shares no word
  // with the question is still found by its meaning.
  if (process.env.OPENAI_API_KEY) {
    const embeddings = createEmbeddings({ model: 'text-embedding-3-small' });
    const hybrid = new RAG({ model, embeddings, retrievalTopK: 2 });
    try {
      await hybrid.addDocuments(documents); // one embeddings request for all the chunks
      const question = 'Is my information safe?';
      console.log(`\nQ: ${question}\nlexical sources (only the word "is" matches):`);
      showSources(await rag.retrieve(question));
      console.log('hybrid sources:');
      showSources(await hybrid.retrieve(question));
      console.log(`A: ${await hybrid.ask(question)}`);
      console.log(`embeddings: ${embeddings.tokensUsed.input} input tokens`);
    } finally {
      await hybrid.close();
      await embeddings.close(); // RAG leaves the embeddings model to its owner
    }
  } else {
    console.log('\n(set OPENAI_API_KEY to also try hybrid retrieval with createEmbeddings)');
  }
} finally {
  await rag.close();
  await rm(temporaryDir, { recursive: true, force: true });
}

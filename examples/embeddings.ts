/**
 * Embeddings: one vector per text from nine provider paths, through the same pipeline as the
 * LLMs (retries, rate limit, timeouts), with a cache per text, usage and cost, and RAG.
 *
 * Needs: OPENAI_API_KEY. Or set EMBEDDINGS_MODEL to another provider's embeddings model
 *        (`embed-v4.0` with COHERE_API_KEY, `gemini-embedding-001` with GEMINI_API_KEY,
 *        `mistral-embed` with MISTRAL_API_KEY, `amazon.titan-embed-text-v2:0` with AWS
 *        credentials and AWS_REGION), and MODEL to the chat model of the RAG step.
 * Run:   npx tsx examples/embeddings.ts
 *        (keyless: npm run example examples/embeddings.ts)
 */
import { createEmbeddings, RAG, TokenTracer, type EmbeddingsFinishInfo } from 'synapsekit';

const embeddingsModel = process.env.EMBEDDINGS_MODEL ?? 'text-embedding-3-small';

// The provider is detected from the model id; `provider` is needed only for ids several serve
// (e.g. { model: 'nomic-embed-text', provider: 'ollama' }).
const embeddings = createEmbeddings({
  model: embeddingsModel,
  cache: true, // a vector per text: re-embedding an unchanged corpus sends nothing
  maxRetries: 2, // 429s and 5xx are retried, after the server's retry-after when it sends one
  requestsPerMinute: 600,
});
const tracer = new TokenTracer();
const record = (info: EmbeddingsFinishInfo): void => {
  tracer.recordUsage(info.usage, { model: embeddings.model });
  console.log(
    `  ${info.requests} request(s), ${info.cached} text(s) from the cache, ${info.usage.input} input tokens`,
  );
};

try {
  console.log(`${embeddings.provider} ${embeddings.model} at ${embeddings.endpoint}`);

  const corpus = [
    'Refunds for yearly plans are paid pro rata within five working days.',
    'The Pro plan costs 8 USD per user and month.',
    'Notes are encrypted at rest with AES-256.',
  ];
  // Documents and queries are embedded differently by Cohere and Gemini; others ignore it.
  const vectors = await embeddings.embed(corpus, { inputType: 'document', onFinish: record });
  console.log(`${vectors.length} vectors of ${vectors[0]?.length} numbers, in input order`);

  // Three texts are cached, one is new: only the new one is sent.
  await embeddings.embed([...corpus, 'Business adds single sign-on.'], {
    inputType: 'document',
    onFinish: record,
  });

  const query = await embeddings.embedOne('How long does a refund take?', {
    inputType: 'query',
    onFinish: record,
  });
  const cosine = (a: number[], b: number[]): number => {
    let dot = 0;
    let normA = 0;
    let normB = 0;
    a.forEach((value, index) => {
      dot += value * (b[index] ?? 0);
      normA += value * value;
      normB += (b[index] ?? 0) ** 2;
    });
    return dot / Math.sqrt(normA * normB);
  };
  const best = vectors
    .map((vector, index) => ({ text: corpus[index], score: cosine(query, vector) }))
    .sort((a, b) => b.score - a.score)[0];
  console.log(`closest to the question by cosine: "${best?.text}"`);

  // RAG takes any embeddings model: chunks as documents, questions as queries.
  const rag = new RAG({ model: process.env.MODEL ?? 'gpt-4o-mini', embeddings, retrievalTopK: 2 });
  try {
    await rag.add(corpus.join('\n'));
    console.log(`RAG: ${await rag.ask('How long does a refund take?')}`);
  } finally {
    await rag.close(); // RAG leaves the embeddings model to its owner
  }

  const summary = tracer.summary();
  console.log(
    `embeddings: ${embeddings.tokensUsed.input} input tokens in all (RAG included), the calls above cost ${summary.estimatedCostUsd ?? 'unknown'} USD; cache`,
    embeddings.cacheStats,
  );
} finally {
  await embeddings.close();
}

// Re-embedding a cached corpus against a first embed: `embed()` of TEXTS texts with the cache on,
// first with every text new (requests to a local OpenAI-compatible server), then again with
// every text cached (no request), per cache backend.
//
//   npm run build && node bench/embeddings.mjs
//
// Env: TEXTS (default 10000), DIMENSIONS (default 1536, text-embedding-3-small's length),
// RUNS (default 3; the median is shown). The server answers in base64, as OpenAI does for
// `encoding_format: 'base64'`, with the same vector for every text (its cost is not measured).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddings } from '../dist/index.js';

const TEXTS = Number(process.env.TEXTS ?? 10_000);
const DIMENSIONS = Number(process.env.DIMENSIONS ?? 1536);
const RUNS = Number(process.env.RUNS ?? 3);

const provider = await startProvider();
const directory = mkdtempSync(join(tmpdir(), 'synapsekit-bench-embeddings-'));
const rows = [];
try {
  for (const backend of ['memory', 'sqlite']) {
    const first = [];
    const cached = [];
    for (let run = 0; run < RUNS; run++) {
      const options = {
        model: 'text-embedding-3-small',
        apiKey: 'sk-bench',
        baseUrl: provider.url,
        cache: true,
        cacheBackend: backend,
        cacheMaxsize: TEXTS,
        cachePath: join(directory, `run-${run}.db`),
      };
      const corpus = Array.from(
        { length: TEXTS },
        (_, i) => `run ${run} document ${i}: ${'lorem ipsum '.repeat(8)}`,
      );
      const model = createEmbeddings(options);
      first.push(await timed(model, corpus, false));
      cached.push(await timed(model, corpus, true));
      await model.close();
    }
    rows.push(row(`${backend}: first embed`, first), row(`${backend}: all cached`, cached));
  }
} finally {
  provider.close();
  rmSync(directory, { recursive: true, force: true });
}

console.log(
  `synapsekit embeddings, ${TEXTS} texts of ${DIMENSIONS} dimensions, node ${process.version}, ` +
    `median of ${RUNS} runs`,
);
console.table(rows);

async function timed(model, corpus, expectCached) {
  const before = provider.requests;
  const started = process.hrtime.bigint();
  const vectors = await model.embed(corpus);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const requests = provider.requests - before;
  if (vectors.length !== corpus.length || vectors[0].length !== DIMENSIONS)
    throw new Error('wrong answer');
  if (expectCached ? requests !== 0 : requests === 0) throw new Error(`${requests} requests`);
  return { ms, requests };
}

function row(name, samples) {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  return {
    case: name,
    'median ms': Math.round(median.ms * 10) / 10,
    'µs per text': Math.round(((median.ms * 1000) / TEXTS) * 10) / 10,
    'HTTP requests': median.requests,
  };
}

/** An OpenAI-compatible /embeddings server: one base64 vector per input, usage included. */
async function startProvider() {
  const state = { requests: 0 };
  const bytes = Buffer.alloc(DIMENSIONS * 4);
  for (let i = 0; i < DIMENSIONS; i++) bytes.writeFloatLE(Math.sin(i) / 10, i * 4);
  const vector = bytes.toString('base64');
  const server = createServer((request, response) => {
    state.requests++;
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const { input } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const data = input.map((_, index) => ({ object: 'embedding', index, embedding: vector }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          object: 'list',
          data,
          model: 'text-embedding-3-small',
          usage: { prompt_tokens: input.length * 20, total_tokens: input.length * 20 },
        }),
      );
    });
  });
  // Long JSON work blocks this process's event loop for seconds: keep idle sockets open longer
  // than that, so the client never reuses one the server is closing (an ECONNRESET).
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    get requests() {
      return state.requests;
    },
    close: () => server.close(),
  };
}

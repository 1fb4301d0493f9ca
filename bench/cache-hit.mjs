// Cache-hit latency per backend: how long `generate()` takes when the answer is already cached.
//
//   npm run build && node bench/cache-hit.mjs
//
// Env: ITERATIONS (default 5000), REDIS_URL (else a redis-server is started on a free port,
// or the Redis row is skipped when redis-server is not installed).
// A local HTTP server answers the one miss per backend; every measured call is a hit.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAILLM } from '../dist/index.js';

const ITERATIONS = Number(process.env.ITERATIONS ?? 5000);
const WARMUP = Math.min(500, Math.ceil(ITERATIONS / 10));
const ANSWER = 'The quick brown fox jumps over the lazy dog. '.repeat(20); // ~900 characters

const provider = await startProvider();
const redis = await redisForBench();
const directory = mkdtempSync(join(tmpdir(), 'synapsekit-bench-'));

const backends = [
  { name: 'memory', options: { cacheBackend: 'memory' } },
  { name: 'sqlite', options: { cacheBackend: 'sqlite', cachePath: join(directory, 'cache.db') } },
  ...(redis ? [{ name: 'redis', options: { cacheBackend: 'redis', redisUrl: redis.url } }] : []),
];

const rows = [];
try {
  rows.push(await measure('no cache (local HTTP server)', { cache: false }, 500));
  for (const { name, options } of backends) {
    rows.push(await measure(name, { cache: true, ...options }, ITERATIONS));
  }
} finally {
  provider.close();
  await redis?.stop();
  rmSync(directory, { recursive: true, force: true });
}

console.log(
  `synapsekit cache-hit latency, generate() of a ${ANSWER.length}-character answer, ` +
    `node ${process.version}, ${ITERATIONS} hits per backend`,
);
console.table(rows);
if (!redis) console.log('redis: skipped (set REDIS_URL or install redis-server)');

/** Median/p90/p99 of `iterations` calls after a warm-up; for cached backends every call is a hit. */
async function measure(name, options, iterations) {
  const llm = new OpenAILLM({
    model: 'gpt-4o-mini',
    apiKey: 'sk-bench',
    baseUrl: provider.url,
    ...options,
  });
  const prompt = `bench ${name} ${Date.now()}`; // fresh key: a shared Redis may hold older runs
  const requestsBefore = provider.requests;
  for (let i = 0; i < WARMUP; i++) await llm.generate(prompt);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    const text = await llm.generate(prompt);
    samples[i] = Number(process.hrtime.bigint() - started) / 1000;
    if (text !== ANSWER) throw new Error(`${name}: wrong answer`);
  }
  const requests = provider.requests - requestsBefore;
  if (options.cache && requests !== 1) throw new Error(`${name}: ${requests} requests, expected 1`);
  await llm.close();
  samples.sort();
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return {
    backend: name,
    'median µs': round(at(0.5)),
    'p90 µs': round(at(0.9)),
    'p99 µs': round(at(0.99)),
    calls: iterations,
    'HTTP requests': requests,
  };
}

function round(value) {
  return Math.round(value * 10) / 10;
}

/** A minimal OpenAI-compatible server that streams ANSWER as SSE. */
async function startProvider() {
  const state = { requests: 0 };
  const chunk = (delta, finish) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`;
  const body =
    ANSWER.match(/.{1,40}/gs)
      .map((piece) => chunk({ content: piece }, null))
      .join('') +
    chunk({}, 'stop') +
    'data: [DONE]\n\n';
  const server = createServer((request, response) => {
    state.requests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    get requests() {
      return state.requests;
    },
    close: () => server.close(),
  };
}

/** REDIS_URL if given; else a throwaway redis-server on a free port; else undefined. */
async function redisForBench() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const started = await new Promise((resolve) => {
    child.once('error', () => resolve(false));
    child.stdout.on('data', (data) => {
      if (String(data).includes('Ready to accept connections')) resolve(true);
    });
    setTimeout(() => resolve(false), 10_000).unref();
  });
  if (!started) {
    child.kill();
    return undefined;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

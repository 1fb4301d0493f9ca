// The benchmark: `npm run bench` at the project root (or `node bench/run.mjs` after a build).
// Starts the mock provider in its own process, then measures every client in its own worker
// process, scenario by scenario, over several rounds with the client order rotated each round,
// and reports every figure against the raw-fetch baseline of the same round. Writes the tables
// to bench/RESULTS.md (between its result markers) and the raw data to bench/.results/.
//
// Options: --rounds N (default 5), --burst-rounds N (default 3), --quick (1 round, small sizes,
// for checking the harness), --skip-install, --skip-batch, --no-write, --only-batch (the
// rate-limited batch alone, its figures printed, nothing written).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENTS, SYNAPSEKIT_URL } from './lib/clients.mjs';
import { installSize, packProject } from './lib/install-size.mjs';
import { run, runWorker } from './lib/processes.mjs';
import { renderResults, updateResultsFile } from './lib/report.mjs';
import { openAIEvents, sseResponse } from './lib/wire.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const WORKER = path.join(BENCH, 'worker.mjs');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : Number(argv[index + 1]);
};
const QUICK = flag('--quick');
const ROUNDS = QUICK ? 1 : option('--rounds', 5);
const BURST_ROUNDS = QUICK ? 1 : Math.min(ROUNDS, option('--burst-rounds', 3));

/** The sizes of each scenario; --quick shrinks them to check the harness in seconds. */
const SIZES = {
  streamChunks: QUICK ? 2_000 : 20_000,
  chunkChars: 8,
  sequentialCount: QUICK ? 50 : 400,
  sequentialChunks: 5,
  burstStreams: QUICK ? 100 : 1_000,
  burstChunks: 200,
  coldRuns: QUICK ? 1 : 3,
  batchRequests: QUICK ? 30 : 600,
  batchCallers: QUICK ? 5 : 50,
  batchRpm: 300,
};

/** Clients per protocol; the first of each list is that protocol's baseline. */
const OPENAI_CLIENTS = ['raw', 'synapsekit', 'openai', 'ai-sdk', 'langchain'];
const ANTHROPIC_CLIENTS = [
  'raw-anthropic',
  'synapsekit-anthropic',
  'anthropic-sdk',
  'ai-sdk-anthropic',
];
const SINKS = ['socket-sink', 'fetch-sink'];
/** Measured on the long stream only: the event stream, and stream() of an earlier build. */
const EVENT_CLIENTS = ['synapsekit-events', 'ai-sdk-full', 'synapsekit-before'];
/** The tool-call stream: the raw baseline first. */
const TOOL_CLIENTS = ['raw-tools', 'synapsekit-tools', 'openai-tools', 'ai-sdk-tools'];

function log(message) {
  process.stderr.write(`${message}\n`);
}

async function startServer() {
  const child = spawn(process.execPath, [path.join(BENCH, 'server.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line) => resolve(JSON.parse(line).port));
    child.once('exit', (code) => reject(new Error(`mock server exited (${code})`)));
  });
  return { root: `http://127.0.0.1:${port}`, stop: () => child.stdin.end() };
}

/** Rotate a list by `round`, so no client always runs first (or right after another). */
const rotate = (list, round) => list.map((_, i) => list[(i + round) % list.length]);

async function main() {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` at the project root first.');
  }
  const core = await import(SYNAPSEKIT_URL);
  const unavailable = {};
  for (const [id, client] of Object.entries(CLIENTS)) {
    if (client.available && !client.available(core))
      unavailable[id] = 'not available in this build';
  }
  // The adaptive limiter (issue 17) reads the providers' rate-limit headers.
  const hasRateLimiter = existsSync(path.join(ROOT, 'dist', 'rate-limit', 'headers.d.ts'));
  const cacheScript = path.join(BENCH, 'cache-hit.mjs');

  if (flag('--only-batch')) {
    const batchServer = await startServer();
    const batch = await runBatch(batchServer.root, unavailable, hasRateLimiter);
    batchServer.stop();
    process.stdout.write(`${JSON.stringify(batchFigures(batch), null, 2)}\n`);
    return;
  }

  const server = await startServer();
  const started = Date.now();
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadBefore: os.loadavg(),
  };
  log(`mock server at ${server.root}; ${ROUNDS} rounds (${BURST_ROUNDS} for the burst)`);

  const usable = (ids) => ids.filter((id) => !unavailable[id]);
  const streamExpected = SIZES.streamChunks * SIZES.chunkChars;
  const scenarios = [
    {
      name: 'stream',
      clients: [
        ...SINKS,
        ...usable(OPENAI_CLIENTS),
        ...usable(EVENT_CLIENTS),
        ...usable(ANTHROPIC_CLIENTS),
      ],
      params: {
        spec: `c${SIZES.streamChunks}-s${SIZES.chunkChars}`,
        expected: streamExpected,
        warmup: 1,
        minReps: 3,
        maxReps: 10,
        budgetMs: 1500,
      },
    },
    {
      // One long tool call: its arguments stream in as many fragments as the text stream's chunks.
      name: 'tools',
      worker: 'stream',
      clients: usable(TOOL_CLIENTS),
      params: {
        spec: `c${SIZES.streamChunks}-s${SIZES.chunkChars}-t`,
        expected: streamExpected,
        warmup: 1,
        minReps: 3,
        maxReps: 10,
        budgetMs: 1500,
      },
    },
    {
      name: 'sequential',
      clients: [...SINKS, ...usable(OPENAI_CLIENTS), ...usable(ANTHROPIC_CLIENTS)],
      params: {
        spec: `c${SIZES.sequentialChunks}-s${SIZES.chunkChars}`,
        expected: SIZES.sequentialChunks * SIZES.chunkChars,
        warmup: 100,
        count: SIZES.sequentialCount,
      },
    },
    {
      name: 'burst',
      rounds: BURST_ROUNDS,
      clients: [...SINKS, ...usable(OPENAI_CLIENTS), ...usable(ANTHROPIC_CLIENTS)],
      params: {
        spec: `c${SIZES.burstChunks}-s${SIZES.chunkChars}`,
        expected: SIZES.burstChunks * SIZES.chunkChars,
        streams: SIZES.burstStreams,
        warmup: 20,
      },
    },
  ];

  const samples = { stream: {}, tools: {}, sequential: {}, burst: {}, cold: {} };
  const failures = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of scenarios) {
      if (round >= (scenario.rounds ?? ROUNDS)) continue;
      for (const client of rotate(scenario.clients, round)) {
        const result = await runWorker(WORKER, {
          scenario: scenario.worker ?? scenario.name,
          client,
          root: server.root,
          params: scenario.params,
        });
        if (!result.ok) {
          failures[`${scenario.name}/${client}`] = result.error;
          log(`  ${scenario.name}/${client} FAILED: ${result.error.split('\n')[0]}`);
          continue;
        }
        (samples[scenario.name][client] ??= []).push({ round, ...result });
      }
      log(`round ${round + 1}/${ROUNDS} ${scenario.name} done (${elapsed(started)})`);
    }
    await coldStartRound(round, samples.cold, unavailable);
    log(`round ${round + 1}/${ROUNDS} cold start done (${elapsed(started)})`);
  }

  const install = flag('--skip-install') ? undefined : await measureInstall();
  if (install) log(`install sizes done (${elapsed(started)})`);
  const cacheHit = await runCacheHit(cacheScript, server.root);
  const batch = flag('--skip-batch')
    ? undefined
    : await runBatch(server.root, unavailable, hasRateLimiter);
  if (batch) log(`rate-limited batch done (${elapsed(started)})`);
  server.stop();

  machine.loadAfter = os.loadavg();
  const data = {
    date: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine,
    rounds: ROUNDS,
    burstRounds: BURST_ROUNDS,
    sizes: SIZES,
    streamBytes: sseResponse(openAIEvents(SIZES.streamChunks, SIZES.chunkChars, true), '').length,
    labels: Object.fromEntries(Object.entries(CLIENTS).map(([id, c]) => [id, c.label])),
    baselines: { openai: 'raw', anthropic: 'raw-anthropic', 'openai-tools': 'raw-tools' },
    protocols: Object.fromEntries(Object.entries(CLIENTS).map(([id, c]) => [id, c.protocol])),
    unavailable,
    failures,
    samples,
    install,
    cacheHit,
    batch,
  };
  const markdown = renderResults(data, previousData);
  process.stdout.write(`\n${markdown}\n`);
  if (!flag('--no-write') && !QUICK) {
    await mkdir(path.join(BENCH, '.results'), { recursive: true });
    await writeFile(
      path.join(BENCH, '.results', `${data.date.replace(/[:.]/g, '-')}.json`),
      JSON.stringify(data, null, 2),
    );
    await updateResultsFile(path.join(BENCH, 'RESULTS.md'), markdown, data);
    log('bench/RESULTS.md updated');
  }
}

function elapsed(started) {
  return `${Math.round((Date.now() - started) / 1000)} s`;
}

/** Cold start: import + construct in a fresh process, against a bare `node -e 0`, interleaved. */
async function coldStartRound(round, into, unavailable) {
  const variants = [['bare', ['-e', '0']]];
  for (const [id, client] of Object.entries(CLIENTS)) {
    if (client.cold && !unavailable[id]) {
      variants.push([id, ['--input-type=module', '-e', client.cold]]);
    }
  }
  for (let i = 0; i < SIZES.coldRuns; i++) {
    for (const [id, args] of rotate(variants, round + i)) {
      const result = await run(process.execPath, args, { cwd: BENCH, timeoutMs: 30_000 });
      if (result.code !== 0) {
        log(`  cold/${id} FAILED: ${result.stderr.split('\n')[0]}`);
        continue;
      }
      (into[id] ??= []).push({ round, ms: result.ms });
    }
  }
}

/** What `npm install` puts on disk for us (the packed tarball) and for each peer (pinned). */
async function measureInstall() {
  const bench = JSON.parse(await readFile(path.join(BENCH, 'package.json'), 'utf8'));
  const pin = (name) => `${name}@${bench.dependencies[name]}`;
  const results = {};
  const pack = await packProject(ROOT);
  if (pack.error) {
    results.synapsekit = { error: pack.error };
  } else {
    results.synapsekit = {
      ...(await installSize([pack.tarball])),
      packedBytes: pack.packedBytes,
      unpackedBytes: pack.unpackedBytes,
    };
    await pack.cleanup();
  }
  const peers = {
    openai: [pin('openai')],
    'anthropic-sdk': [pin('@anthropic-ai/sdk')],
    'ai-sdk': [pin('ai'), pin('@ai-sdk/openai')],
    'ai-sdk-anthropic': [pin('ai'), pin('@ai-sdk/anthropic')],
    langchain: [pin('@langchain/openai'), pin('@langchain/core')],
  };
  for (const [id, specs] of Object.entries(peers)) {
    results[id] = { specs, ...(await installSize(specs)) };
  }
  return results;
}

/**
 * Cache-hit latency comes from bench/cache-hit.mjs, written with the response cache. Contract:
 * it gets the mock server's root URL in BENCH_MOCK_URL and a path in BENCH_RESULT_FILE where it
 * may write JSON; whatever it prints goes into RESULTS.md as is.
 */
async function runCacheHit(script, root) {
  if (!existsSync(script))
    return { unavailable: 'not available in this build (no bench/cache-hit.mjs)' };
  const resultFile = path.join(os.tmpdir(), `synapsekit-cache-hit-${process.pid}.json`);
  const result = await run(process.execPath, [script], {
    cwd: BENCH,
    env: { BENCH_MOCK_URL: root, BENCH_RESULT_FILE: resultFile },
    timeoutMs: 180_000,
  });
  let json;
  try {
    json = JSON.parse(await readFile(resultFile, 'utf8'));
  } catch {
    json = undefined;
  }
  if (result.code !== 0)
    return { error: (result.stderr || result.stdout).slice(-1500), output: result.stdout };
  return { output: result.stdout.trim(), json };
}

/**
 * The rate-limited batch (issue 17's scenario): every client makes SIZES.batchRequests requests
 * from SIZES.batchCallers concurrent callers against its own token bucket of SIZES.batchRpm
 * (one second's burst) that sends the provider's rate-limit headers, in its own process, all
 * clients at the same time (each needs ~2 minutes of mostly waiting). Every client gets
 * maxRetries 5 and no rate of ours: synapsekit paces itself by the headers (when the build has
 * the adaptive limiter), the peers rely on their retries (retry-after is honoured by all but
 * LangChain).
 */
async function runBatch(root, unavailable, hasRateLimiter) {
  const { batchRequests: requests, batchCallers: callers, batchRpm: rpm } = SIZES;
  const capacity = Math.max(1, Math.ceil(rpm / 60));
  const minimumMs = ((requests - capacity) / (rpm / 60)) * 1000;
  const clients = [
    'synapsekit',
    'openai',
    'ai-sdk',
    'langchain',
    'synapsekit-anthropic',
    'anthropic-sdk',
    'ai-sdk-anthropic',
  ].filter((id) => !unavailable[id]);
  const runId = Date.now().toString(36);
  const outcomes = await Promise.all(
    clients.map(async (client, index) => {
      const bucket = `${runId}x${index}`;
      const ours = client.startsWith('synapsekit');
      const result = await runWorker(
        WORKER,
        {
          scenario: 'batch',
          client,
          root,
          params: {
            spec: `c5-s${SIZES.chunkChars}-rl${rpm}-b${bucket}`,
            expected: 5 * SIZES.chunkChars,
            requests,
            callers,
            maxRetries: 5,
            deadlineMs: minimumMs * 1.25 + 5000,
          },
        },
        { timeoutMs: minimumMs * 1.25 + 60_000 },
      );
      return [client, { bucket, ours, ...result }];
    }),
  );
  const stats = await (await fetch(`${root}/stats`)).json();
  const results = {};
  for (const [client, outcome] of outcomes) {
    results[client] = { ...outcome, server: stats.buckets[outcome.bucket] };
  }
  return {
    requests,
    rpm,
    capacity,
    minimumMs,
    callers,
    rateLimiter: hasRateLimiter ? 'rate-limit headers' : 'not available in this build',
    results,
  };
}

/** The batch's figures per client: seconds, % over the minimum, 429s, completed calls, errors. */
function batchFigures(batch) {
  const figures = { minimumS: batch.minimumMs / 1000, rateLimiter: batch.rateLimiter };
  for (const [client, r] of Object.entries(batch.results)) {
    figures[client] = r.ok
      ? {
          seconds: Number((r.wallMs / 1000).toFixed(1)),
          overMinimumPercent: Number(((r.wallMs / batch.minimumMs - 1) * 100).toFixed(1)),
          received429: r.server?.limited,
          completed: r.completed,
          errors: r.errors,
          finished: r.finished,
        }
      : { failed: String(r.error).split('\n')[0].slice(0, 160) };
  }
  return figures;
}

const previousData = await readPrevious();

async function readPrevious() {
  try {
    const text = await readFile(path.join(BENCH, 'RESULTS.md'), 'utf8');
    const match = /<!-- bench-data ([\s\S]*?) -->/.exec(text);
    return match ? JSON.parse(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

await main();

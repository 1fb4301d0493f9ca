// Telemetry's per-request overhead: `node bench/telemetry-overhead.mjs` after `npm run build`.
// Sequential 5-chunk `stream()` calls against the mock provider (its own process), with
// telemetry off and with `telemetry: true` and no OpenTelemetry SDK registered (the API's no-op
// tracer and meter: what an application that has not started tracing pays). Both run in one
// process, in blocks whose order alternates each round; each block's figure is the median
// request time, each configuration's the median over rounds.
//
// Options: --rounds N (default 15), --requests N per block (default 300).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SYNAPSEKIT_URL } from './lib/clients.mjs';
import { median } from './lib/stats.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : Number(argv[index + 1]);
};
const ROUNDS = option('--rounds', 15);
const REQUESTS = option('--requests', 300);
const SPEC = 'c5-s8';

const server = spawn(process.execPath, [path.join(BENCH, 'server.mjs')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const port = await new Promise((resolve, reject) => {
  server.stdout.setEncoding('utf8').once('data', (line) => resolve(JSON.parse(line).port));
  server.once('exit', (code) => reject(new Error(`mock server exited (${code})`)));
});
const baseUrl = `http://127.0.0.1:${port}/${SPEC}/v1`;

const { OpenAILLM } = await import(SYNAPSEKIT_URL);
const common = {
  model: 'gpt-4o-mini',
  apiKey: 'sk-bench',
  baseUrl,
  maxRetries: 0,
  systemPrompt: 'Be brief.',
};
const configurations = {
  'telemetry off': new OpenAILLM(common),
  'telemetry on, no-op tracer': new OpenAILLM({ ...common, telemetry: true }),
};

async function request(llm) {
  let characters = 0;
  for await (const text of llm.stream('Say hello.')) {
    characters += text.length;
  }
  if (characters !== 5 * 8) throw new Error(`expected 40 characters, got ${characters}`);
}

async function block(llm) {
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await request(llm);
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}

const names = Object.keys(configurations);
for (const name of names) for (let i = 0; i < 200; i++) await request(configurations[name]);
const figures = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const name of order) figures[name].push(await block(configurations[name]));
}
server.stdin.end();

const baseline = median(figures[names[0]]);
console.log(`| configuration | µs per request (median of ${ROUNDS} rounds) | vs off |`);
console.log('| --- | --- | --- |');
for (const name of names) {
  const value = median(figures[name]);
  const ratio = ((value / baseline - 1) * 100).toFixed(1);
  console.log(`| ${name} | ${value.toFixed(0)} | ${name === names[0] ? '—' : `${ratio} %`} |`);
}

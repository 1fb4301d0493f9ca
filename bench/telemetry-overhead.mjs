// Telemetry's per-request overhead: `node bench/telemetry-overhead.mjs` after `npm run build`.
// Sequential 5-chunk `stream()` calls against the mock provider (its own process), with
// telemetry off, with `telemetry: true` and no OpenTelemetry SDK registered (what an application
// that has not started tracing pays: such calls are not observed), and with the API's no-op
// tracer and meter given in the options (every call observed, its span recording nothing: the
// cost of the instrumentation itself). All run in one process, in blocks whose order rotates
// each round; each block's figure is the median
// request time; the overhead is the median over rounds of each round's ratio (neighbouring
// blocks see the same load on the shared machine).
//
// Options: --rounds N (default 40), --requests N per block (default 100).
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
const ROUNDS = option('--rounds', 40);
const REQUESTS = option('--requests', 100);
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
// The API's no-op tracer and meter handed over explicitly: the call is observed (a span that
// records nothing, metrics that go nowhere), which is what our instrumentation itself costs.
const { ProxyTracerProvider, createNoopMeter } = await import('@opentelemetry/api');
const configurations = {
  'telemetry off': new OpenAILLM(common),
  'telemetry on, no SDK registered': new OpenAILLM({ ...common, telemetry: true }),
  'telemetry on, no-op tracer and meter given': new OpenAILLM({
    ...common,
    telemetry: { tracer: new ProxyTracerProvider().getTracer('bench'), meter: createNoopMeter() },
  }),
};

async function request(llm) {
  let characters = 0;
  for await (const text of llm.stream('Say hello.')) {
    characters += text.length;
  }
  if (characters !== 5 * 8) throw new Error(`expected 40 characters, got ${characters}`);
}

/** A block of requests: the median request time and this process's CPU time per request (µs). */
async function block(llm) {
  const times = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await request(llm);
    times.push((performance.now() - t0) * 1000);
  }
  const used = process.cpuUsage(cpu);
  return { wall: median(times), cpu: (used.user + used.system) / REQUESTS };
}

const names = Object.keys(configurations);
for (const name of names) for (let i = 0; i < 200; i++) await request(configurations[name]);
const figures = Object.fromEntries(names.map((name) => [name, { wall: [], cpu: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) {
    const { wall, cpu } = await block(configurations[name]);
    figures[name].wall.push(wall);
    figures[name].cpu.push(cpu);
  }
}
server.stdin.end();

const [off] = names;
const percent = (ratio) => `${((ratio - 1) * 100).toFixed(1)} %`;
/** The median over rounds of each round's on/off ratio, with the interquartile range. */
function overhead(on, measure) {
  const ratios = figures[on][measure].map((value, round) => value / figures[off][measure][round]);
  const sorted = [...ratios].sort((a, b) => a - b);
  const quartile = (q) => sorted[Math.floor(q * (sorted.length - 1))];
  return `${percent(median(ratios))} (IQR ${percent(quartile(0.25))} to ${percent(quartile(0.75))})`;
}
console.log(
  `Medians of ${ROUNDS} rounds of ${REQUESTS} requests; overhead = median of per-round ratios.\n`,
);
console.log('| configuration | µs per request (wall) | CPU µs per request |');
console.log('| --- | --- | --- |');
for (const name of names) {
  const { wall, cpu } = figures[name];
  console.log(`| ${name} | ${median(wall).toFixed(0)} | ${median(cpu).toFixed(0)} |`);
}
for (const name of names.slice(1)) {
  console.log(`| overhead of "${name}" | ${overhead(name, 'wall')} | ${overhead(name, 'cpu')} |`);
}

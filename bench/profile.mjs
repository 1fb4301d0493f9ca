// Profile one client in one scenario: `node bench/profile.mjs <scenario> <client> [top]`
// (scenarios: stream, sequential, burst). Runs the worker under `node --cpu-prof` against a
// fresh mock server and prints the functions with the most self time, grouped by package, so a
// missed goal can be traced to what costs the time. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './lib/processes.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const [scenario = 'stream', client = 'synapsekit', topArg = '25'] = process.argv.slice(2);

const PARAMS = {
  stream: {
    spec: 'c20000-s8',
    expected: 160_000,
    warmup: 2,
    minReps: 10,
    maxReps: 10,
    budgetMs: 0,
  },
  sequential: { spec: 'c5-s8', expected: 40, warmup: 200, count: 3000 },
  burst: { spec: 'c200-s8', expected: 1600, streams: 1000, warmup: 20 },
};

const server = spawn(process.execPath, [path.join(BENCH, 'server.mjs')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const port = await new Promise((resolve) =>
  server.stdout.setEncoding('utf8').once('data', (line) => resolve(JSON.parse(line).port)),
);
const directory = await mkdtemp(path.join(os.tmpdir(), 'synapsekit-profile-'));
try {
  const task = { scenario, client, root: `http://127.0.0.1:${port}`, params: PARAMS[scenario] };
  const result = await run(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      directory,
      path.join(BENCH, 'worker.mjs'),
      JSON.stringify(task),
    ],
    { cwd: BENCH },
  );
  console.log(result.stdout.trim().slice(0, 300));
  const [file] = await readdir(directory);
  const profile = JSON.parse(await readFile(path.join(directory, file), 'utf8'));
  printTop(profile, Number(topArg));
} finally {
  server.stdin.end();
  await rm(directory, { recursive: true, force: true });
}

/** Self time per function and per package, from the sampled call tree. */
function printTop(profile, top) {
  const interval = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    interval.set(samples[i], (interval.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  }
  const byFunction = new Map();
  const byPackage = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = interval.get(node.id) ?? 0;
    if (micros === 0) continue;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortUrl(url);
    const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const group = packageOf(url, functionName);
    byPackage.set(group, (byPackage.get(group) ?? 0) + micros);
  }
  const print = (title, map, limit) => {
    console.log(`\n${title} (self time, ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      console.log(`${((micros / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
    }
  };
  print('By package', byPackage, 15);
  print('Top functions', byFunction, top);
}

function shortUrl(url) {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist !== -1 && !url.includes('node_modules')) return `synapsekit${url.slice(dist)}`;
  return url.replace(/^file:\/\/.*\/bench\//, 'bench/');
}

function packageOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/builtins)';
  if (url.startsWith('node:')) return url.split('/')[0] + (url.includes('undici') ? ' undici' : '');
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/dist/')) return 'synapsekit';
  return url.replace(/^file:\/\/.*\/bench\//, 'bench/');
}

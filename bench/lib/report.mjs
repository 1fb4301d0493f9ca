import { readFile, writeFile } from 'node:fs/promises';
import { summarize } from './stats.mjs';

// Turns one run's samples into the tables of RESULTS.md. Every comparison is made inside a round
// (client vs the baseline measured in the same round), then summarised over rounds as
// median (min-max), so a slow moment on the shared machine hits both sides of a ratio.

const BEGIN = '<!-- results:begin -->';
const END = '<!-- results:end -->';
const DATA = /<!-- bench-data [\s\S]*? -->\n?/;

const OURS = ['synapsekit', 'synapsekit-anthropic'];
/** Ours in the long-stream and tool-call tables only. */
const OURS_STREAM_ONLY = ['synapsekit-events', 'synapsekit-tools'];

const fixed = (value, digits) =>
  value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
const range = (s, digits, suffix = '') =>
  s ? `${fixed(s.median, digits)}${suffix} (${fixed(s.min, digits)}-${fixed(s.max, digits)})` : '-';
const signed = (value, digits) => (value >= 0 ? '+' : '') + fixed(value, digits);
const signedRange = (s, digits) =>
  s ? `${signed(s.median, digits)} (${signed(s.min, digits)} to ${signed(s.max, digits)})` : '-';
const megabytes = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

/** Per-round `field` of a client, compared with the baseline's in the same round. */
function perRound(samples, client, baseline, field, compare) {
  const mine = samples[client] ?? [];
  const base = samples[baseline] ?? [];
  const values = [];
  for (const sample of mine) {
    const reference = base.find((b) => b.round === sample.round);
    if (reference) values.push(compare(sample[field], reference[field]));
  }
  return summarize(values);
}
const ratio = (samples, client, baseline, field) =>
  perRound(samples, client, baseline, field, (a, b) => a / b);
const delta = (samples, client, baseline, field) =>
  perRound(samples, client, baseline, field, (a, b) => a - b);
const values = (samples, client, field) => summarize((samples[client] ?? []).map((s) => s[field]));

/** Rows of a scenario's table: sinks first, then each protocol's clients under its baseline. */
function rowsFor(data, scenario) {
  const present = Object.keys(data.samples[scenario]);
  const order = Object.keys(data.labels).filter((id) => present.includes(id));
  return order;
}

function baselineOf(data, client) {
  return data.baselines[data.protocols[client]];
}

function clientCell(data, client) {
  const ours = OURS.includes(client) || OURS_STREAM_ONLY.includes(client) ? '**' : '';
  return `${ours}${client}${ours}`;
}

/** synapsekit's key figures of a run, flat, for the next run's "changes" table. */
export function keyFigures(data) {
  const figures = {};
  const s = data.samples;
  for (const client of OURS) {
    const base = baselineOf(data, client);
    const put = (key, summary) => {
      if (summary) figures[`${key}:${client}`] = Number(summary.median.toPrecision(4));
    };
    put('stream x baseline', ratio(s.stream, client, base, 'ms'));
    put('request +us', delta(s.sequential, client, base, 'totalUs'));
    put('TTFT +us', delta(s.sequential, client, base, 'ttftUs'));
    put('1000 streams wall x', ratio(s.burst, client, base, 'wallMs'));
    put('1000 streams RSS x', ratio(s.burst, client, base, 'peakRssMb'));
    put('cold start +ms', delta(s.cold, client, 'bare', 'ms'));
    if (data.install?.[client]?.bytes)
      figures[`install MB:${client}`] = data.install[client].bytes / 1e6;
    const batch = data.batch?.results?.[client];
    if (batch?.ok) {
      figures[`batch % over minimum:${client}`] = Number(
        ((batch.wallMs / data.batch.minimumMs - 1) * 100).toFixed(1),
      );
      figures[`batch 429s:${client}`] = batch.server?.limited ?? 0;
    }
  }
  const events = ratio(s.stream, 'synapsekit-events', 'raw', 'ms');
  if (events) figures['stream x baseline:synapsekit-events'] = Number(events.median.toPrecision(4));
  const tools = s.tools && ratio(s.tools, 'synapsekit-tools', 'raw-tools', 'ms');
  if (tools)
    figures['tool stream x baseline:synapsekit-tools'] = Number(tools.median.toPrecision(4));
  return figures;
}

function goalRows(data) {
  const s = data.samples;
  const rows = [];
  const add = (goal, target, summary, format, met) => {
    if (!summary) return;
    rows.push(
      `| ${goal} | ${target} | ${format(summary)} | ${met(summary.median) ? 'met' : '**missed**'} |`,
    );
  };
  for (const client of OURS) {
    if (data.unavailable[client]) {
      rows.push(`| ${client} (all goals) | | not available in this build | pending |`);
      continue;
    }
    const base = baselineOf(data, client);
    add(
      `${client}: stream cost`,
      '<= 1.5x raw',
      ratio(s.stream, client, base, 'ms'),
      (x) => range(x, 2, 'x'),
      (m) => m <= 1.5,
    );
    add(
      `${client}: 1,000 streams wall`,
      '<= 1.3x raw',
      ratio(s.burst, client, base, 'wallMs'),
      (x) => range(x, 2, 'x'),
      (m) => m <= 1.3,
    );
    add(
      `${client}: 1,000 streams peak RSS`,
      '<= 1.1x raw',
      ratio(s.burst, client, base, 'peakRssMb'),
      (x) => range(x, 2, 'x'),
      (m) => m <= 1.1,
    );
    add(
      `${client}: request overhead`,
      '<= +100 us',
      delta(s.sequential, client, base, 'totalUs'),
      (x) => `${signedRange(x, 0)} us`,
      (m) => m <= 100,
    );
    add(
      `${client}: time to first token`,
      '<= +100 us',
      delta(s.sequential, client, base, 'ttftUs'),
      (x) => `${signedRange(x, 0)} us`,
      (m) => m <= 100,
    );
  }
  add(
    'synapsekit-events: streamEvents stream cost',
    '<= 1.5x raw',
    ratio(s.stream, 'synapsekit-events', 'raw', 'ms'),
    (x) => range(x, 2, 'x'),
    (m) => m <= 1.5,
  );
  add(
    'synapsekit: stream() against the build before the event stream',
    '<= 1.05x (no slower)',
    ratio(s.stream, 'synapsekit', 'synapsekit-before', 'ms'),
    (x) => range(x, 2, 'x'),
    (m) => m <= 1.05,
  );
  add(
    'cold start (import + construct)',
    '<= +30 ms over bare node',
    delta(s.cold, 'synapsekit', 'bare', 'ms'),
    (x) => `${signedRange(x, 1)} ms`,
    (m) => m <= 30,
  );
  const core = data.install?.synapsekit;
  if (core?.bytes) {
    rows.push(
      `| core install size | <= 2 MB | ${megabytes(core.bytes)} | ${core.bytes <= 2e6 ? 'met' : '**missed**'} |`,
    );
  }
  const memoryHit = cacheHitMedianUs(data.cacheHit, 'memory');
  if (data.cacheHit?.unavailable) {
    rows.push(`| memory cache hit | <= 20 us | ${data.cacheHit.unavailable} | pending |`);
  } else if (memoryHit === undefined) {
    rows.push('| memory cache hit | <= 20 us | see "Cache-hit latency" | see below |');
  } else {
    rows.push(
      `| memory cache hit | <= 20 us | ${fixed(memoryHit, 1)} us (median) | ${memoryHit <= 20 ? 'met' : '**missed**'} |`,
    );
  }
  const batch = data.batch;
  const target = 'all succeed, within 10 % of minimum, at most 5 % 429s';
  if (!batch) {
    rows.push(`| rate-limited batch | ${target} | not run (--skip-batch) | - |`);
  } else if (batch.rateLimiter !== 'rate-limit headers') {
    rows.push(`| rate-limited batch | ${target} | rate limiter ${batch.rateLimiter} | pending |`);
  } else {
    for (const client of OURS) {
      const ours = batch.results[client];
      if (!ours?.ok) continue;
      const over = ours.wallMs / batch.minimumMs - 1;
      const limited = ours.server?.limited ?? 0;
      const met =
        ours.finished &&
        ours.completed === batch.requests &&
        over <= 0.1 &&
        limited <= batch.requests * 0.05;
      rows.push(
        `| ${client}: rate-limited batch | ${target} | ${signed(over * 100, 1)} %, ${limited} 429s | ${met ? 'met' : '**missed**'} |`,
      );
    }
  }
  return rows;
}

/**
 * A backend's median hit latency from bench/cache-hit.mjs: its JSON result when it wrote one
 * (rows of { backend, 'median µs' }), else the row of the table it printed with console.table.
 */
function cacheHitMedianUs(cacheHit, backend) {
  const fromRow = (row) => Number(row?.['median µs'] ?? row?.medianUs);
  if (Array.isArray(cacheHit?.json)) {
    const value = fromRow(cacheHit.json.find((row) => row.backend === backend));
    if (Number.isFinite(value)) return value;
  }
  const lines = (cacheHit?.output ?? '').split('\n');
  const header = lines.find((line) => line.includes('median'));
  const row = lines.find((line) => line.includes(`'${backend}'`));
  if (!header || !row) return undefined;
  const cells = (line) => line.split('│').map((cell) => cell.trim());
  const column = cells(header).findIndex((cell) => cell.startsWith('median'));
  const value = column === -1 ? NaN : Number(cells(row)[column]);
  return Number.isFinite(value) ? value : undefined;
}

/** The markdown between the result markers of RESULTS.md. */
export function renderResults(data, previous) {
  const s = data.samples;
  const out = [];
  const m = data.machine;
  out.push(
    `Run of ${data.date} (${data.durationS} s): ${m.cores} x ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}.`,
  );
  out.push(
    `Load average before ${m.loadBefore.map((x) => x.toFixed(2)).join(' / ')}, after ${m.loadAfter.map((x) => x.toFixed(2)).join(' / ')} ` +
      `(1/5/15 min; other work on the machine makes every figure noisier). ` +
      `${data.rounds} rounds (${data.burstRounds} for the 1,000 streams), client order rotated each round. ` +
      "Figures: median over rounds (min-max over rounds); ratios and differences are taken within each round against that round's baseline.",
  );
  for (const [id, why] of Object.entries(data.unavailable)) out.push(`\n- \`${id}\`: ${why}.`);
  for (const [key, error] of Object.entries(data.failures)) {
    out.push(`\n- FAILED ${key}: \`${error.split('\n')[0].slice(0, 200)}\``);
  }

  out.push('\n### Goals\n');
  out.push('| goal | target | this run | |');
  out.push('|---|---|---|---|');
  out.push(...goalRows(data));

  out.push(
    `\n### Stream cost per chunk (${data.sizes.streamChunks.toLocaleString('en')} chunks of ${data.sizes.chunkChars} characters, ${megabytes(data.streamBytes)} of SSE)\n`,
  );
  out.push('| client | ms per response | us per chunk | x baseline |');
  out.push('|---|---|---|---|');
  for (const client of rowsFor(data, 'stream')) {
    const ms = values(s.stream, client, 'ms');
    const perChunk =
      ms && summarize([ms.median, ms.min, ms.max].map((x) => (x * 1000) / data.sizes.streamChunks));
    out.push(
      `| ${clientCell(data, client)} | ${range(ms, 1)} | ${range(perChunk, 2)} | ${range(ratio(s.stream, client, baselineOf(data, client), 'ms'), 2, 'x')} |`,
    );
  }

  if (s.tools && Object.keys(s.tools).length > 0) {
    out.push(
      `\n### Tool-call stream (one call whose arguments arrive in ${data.sizes.streamChunks.toLocaleString('en')} fragments of ${data.sizes.chunkChars} characters)\n`,
    );
    out.push('| client | ms per response | us per fragment | x baseline |');
    out.push('|---|---|---|---|');
    for (const client of rowsFor(data, 'tools')) {
      const ms = values(s.tools, client, 'ms');
      const perChunk =
        ms &&
        summarize([ms.median, ms.min, ms.max].map((x) => (x * 1000) / data.sizes.streamChunks));
      out.push(
        `| ${clientCell(data, client)} | ${range(ms, 1)} | ${range(perChunk, 2)} | ${range(ratio(s.tools, client, baselineOf(data, client), 'ms'), 2, 'x')} |`,
      );
    }
  }

  out.push(
    `\n### Sequential requests (${data.sizes.sequentialChunks} chunks each, ${data.sizes.sequentialCount} per round after 100 warm-up)\n`,
  );
  out.push('| client | request us | over baseline | time to first token us | over baseline |');
  out.push('|---|---|---|---|---|');
  for (const client of rowsFor(data, 'sequential')) {
    const base = baselineOf(data, client);
    out.push(
      `| ${clientCell(data, client)} | ${range(values(s.sequential, client, 'totalUs'), 0)} | ${signedRange(delta(s.sequential, client, base, 'totalUs'), 0)} | ` +
        `${range(values(s.sequential, client, 'ttftUs'), 0)} | ${signedRange(delta(s.sequential, client, base, 'ttftUs'), 0)} |`,
    );
  }

  out.push(
    `\n### ${data.sizes.burstStreams.toLocaleString('en')} concurrent streams of ${data.sizes.burstChunks} chunks (each client in its own process)\n`,
  );
  out.push(
    '| client | wall ms | x baseline | peak RSS MB | x baseline | RSS before the burst MB |',
  );
  out.push('|---|---|---|---|---|---|');
  for (const client of rowsFor(data, 'burst')) {
    const base = baselineOf(data, client);
    out.push(
      `| ${clientCell(data, client)} | ${range(values(s.burst, client, 'wallMs'), 0)} | ${range(ratio(s.burst, client, base, 'wallMs'), 2, 'x')} | ` +
        `${range(values(s.burst, client, 'peakRssMb'), 0)} | ${range(ratio(s.burst, client, base, 'peakRssMb'), 2, 'x')} | ${range(values(s.burst, client, 'rssBeforeMb'), 0)} |`,
    );
  }

  out.push(
    `\n### Cold start: import + construct in a fresh process (${data.sizes.coldRuns} runs per round)\n`,
  );
  out.push('| client | ms | over bare `node -e 0` |');
  out.push('|---|---|---|');
  for (const client of ['bare', ...Object.keys(data.labels)]) {
    if (!s.cold[client]) continue;
    out.push(
      `| ${clientCell(data, client)} | ${range(values(s.cold, client, 'ms'), 1)} | ${client === 'bare' ? '-' : `${signedRange(delta(s.cold, client, 'bare', 'ms'), 1)} ms`} |`,
    );
  }

  out.push(
    '\n### Install size (`npm install --omit=dev` into an empty project: the package and its runtime dependencies)\n',
  );
  if (!data.install) {
    out.push('Not measured in this run (--skip-install).');
  } else {
    out.push('| package | installed | packages | files | notes |');
    out.push('|---|---|---|---|---|');
    for (const [client, r] of Object.entries(data.install)) {
      if (r.error) {
        out.push(`| ${clientCell(data, client)} | failed | | | ${r.error.slice(0, 120)} |`);
        continue;
      }
      const note =
        client === 'synapsekit'
          ? `tarball ${megabytes(r.packedBytes)}, unpacked ${megabytes(r.unpackedBytes)}`
          : r.specs.join(' + ');
      out.push(
        `| ${clientCell(data, client)} | ${megabytes(r.bytes)} | ${r.packages} | ${r.files} | ${note} |`,
      );
    }
  }

  out.push('\n### Cache-hit latency per backend (bench/cache-hit.mjs)\n');
  if (data.cacheHit?.unavailable) out.push(`${data.cacheHit.unavailable}.`);
  else if (data.cacheHit?.error) out.push(`Failed:\n\n\`\`\`\n${data.cacheHit.error}\n\`\`\``);
  else out.push(`\`\`\`\n${data.cacheHit?.output ?? ''}\n\`\`\``);

  const batch = data.batch;
  out.push('\n### Rate-limited batch\n');
  if (!batch) {
    out.push('Not run (--skip-batch).');
  } else {
    out.push(
      `${batch.requests} requests from ${batch.callers ?? 'all'} concurrent callers against a server enforcing ${batch.rpm} RPM as a token bucket of ${batch.capacity} (one second's burst), ` +
        `sending the provider's rate-limit headers (\`x-ratelimit-*\`, \`anthropic-ratelimit-*\`) and answering 429 + \`retry-after\` (whole seconds) beyond it. Theoretical minimum: ${(batch.minimumMs / 1000).toFixed(1)} s. ` +
        `Every client: maxRetries 5, no rate given. synapsekit: ${batch.rateLimiter === 'rate-limit headers' ? 'paced by the headers' : `retries only (rate limiter ${batch.rateLimiter})`}.\n`,
    );
    out.push('| client | total s | over minimum | 429s received | completed | errors |');
    out.push('|---|---|---|---|---|---|');
    for (const [client, r] of Object.entries(batch.results)) {
      if (!r.ok) {
        out.push(
          `| ${clientCell(data, client)} | failed | | | | ${String(r.error).split('\n')[0].slice(0, 120)} |`,
        );
        continue;
      }
      const over = r.wallMs / batch.minimumMs - 1;
      const errors =
        Object.entries(r.errors)
          .map(([k, v]) => `${k} x${v}`)
          .join(', ') || '-';
      out.push(
        `| ${clientCell(data, client)} | ${(r.wallMs / 1000).toFixed(1)}${r.finished ? '' : ' (deadline)'} | ${signed(over * 100, 1)} % | ${r.server?.limited ?? '-'} | ${r.completed}/${batch.requests} | ${errors} |`,
      );
    }
  }

  out.push('\n### Mock server ceiling\n');
  const sinkStream = values(s.stream, 'socket-sink', 'ms');
  const rawStream = values(s.stream, 'raw', 'ms');
  const sinkSeq = values(s.sequential, 'socket-sink', 'totalUs');
  const sinkBurst = values(s.burst, 'socket-sink', 'wallMs');
  if (sinkStream && rawStream) {
    const mbPerS = data.streamBytes / 1e6 / (sinkStream.median / 1000);
    const eventsPerS = data.sizes.streamChunks / (sinkStream.median / 1000);
    out.push(
      `- One stream to a raw-socket byte sink: ${mbPerS.toFixed(0)} MB/s, ${(eventsPerS / 1e6).toFixed(2)} M events/s ` +
        `(${fixed(sinkStream.median, 1)} ms per response, ${fixed((sinkStream.median / rawStream.median) * 100, 0)} % of the raw baseline's time).`,
    );
  }
  if (sinkSeq) {
    const fetchSeq = values(s.sequential, 'fetch-sink', 'totalUs');
    out.push(
      `- Sequential small requests over one keep-alive socket: ${fixed(sinkSeq.median, 0)} us each, ` +
        `best round ${fixed(sinkSeq.min, 0)} us (${fixed(1e6 / sinkSeq.min, 0)} requests/s)` +
        (fetchSeq
          ? `; a fetch that discards the body takes ${fixed(fetchSeq.median, 0)} us.`
          : '.'),
    );
  }
  if (sinkBurst) {
    const rawBurst = values(s.burst, 'raw', 'wallMs');
    out.push(
      `- ${data.sizes.burstStreams.toLocaleString('en')} concurrent streams to raw-socket sinks: ${fixed(sinkBurst.median, 0)} ms` +
        (rawBurst
          ? ` (${fixed((sinkBurst.median / rawBurst.median) * 100, 0)} % of the raw baseline's wall time).`
          : '.'),
    );
  }

  out.push('\n### Changes since the previous run\n');
  if (!previous) {
    out.push('No previous run recorded in this file.');
  } else {
    const now = keyFigures(data);
    out.push(`Previous run: ${previous.date}. synapsekit's key figures (median):\n`);
    out.push('| figure | previous | this run |');
    out.push('|---|---|---|');
    for (const [key, value] of Object.entries(now)) {
      const [figure, client] = key.split(':');
      const before = previous.figures?.[key];
      out.push(
        `| ${client} ${figure} | ${before === undefined ? '-' : fixed(before, 2)} | ${fixed(value, 2)} |`,
      );
    }
  }
  return out.join('\n');
}

/** Replace the results block of RESULTS.md and the embedded key figures for the next run. */
export async function updateResultsFile(file, markdown, data) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    text = `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  }
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  text =
    begin === -1 || end === -1
      ? `${text.trimEnd()}\n\n${BEGIN}\n${markdown}\n${END}\n`
      : `${text.slice(0, begin + BEGIN.length)}\n${markdown}\n${text.slice(end)}`;
  const figures = `<!-- bench-data ${JSON.stringify({ date: data.date, figures: keyFigures(data) })} -->\n`;
  text = DATA.test(text) ? text.replace(DATA, () => figures) : `${text.trimEnd()}\n\n${figures}`;
  await writeFile(file, text);
}

// One measurement in its own process: `node worker.mjs '<json task>'` loads one client, warms it
// up, measures one scenario and prints one JSON line. A process per client keeps JIT state, heap
// and peak RSS from leaking between the libraries under test.
import { CLIENTS } from './lib/clients.mjs';
import { median } from './lib/stats.mjs';

const task = JSON.parse(process.argv[2]);
const client = CLIENTS[task.client];
const now = () => performance.now();

/** Consume one response and check every text character arrived (sinks count bytes instead). */
async function checked(consumer, expected, onFirst) {
  const got = await consumer.consume(onFirst);
  if (!client.sink && got !== expected) {
    throw new Error(`${task.client} received ${got} text characters, expected ${expected}`);
  }
  return got;
}

const scenarios = {
  /** One long stream, repeated: time per response. */
  async stream({ spec, expected, warmup, minReps, maxReps, budgetMs }) {
    const consumer = await client.load(task.root, spec);
    for (let i = 0; i < warmup; i++) await checked(consumer, expected);
    const samples = [];
    const started = now();
    while (samples.length < minReps || (samples.length < maxReps && now() - started < budgetMs)) {
      const t0 = now();
      await checked(consumer, expected);
      samples.push(now() - t0);
    }
    return { ms: median(samples), samples };
  },

  /** Small responses one after another: whole-request time and time to the first text. */
  async sequential({ spec, expected, warmup, count }) {
    const consumer = await client.load(task.root, spec);
    for (let i = 0; i < warmup; i++) await checked(consumer, expected);
    const totals = [];
    const firsts = [];
    for (let i = 0; i < count; i++) {
      const t0 = now();
      let first = 0;
      await checked(consumer, expected, () => {
        first = now();
      });
      totals.push((now() - t0) * 1000);
      firsts.push((first - t0) * 1000);
    }
    return { totalUs: median(totals), ttftUs: median(firsts) };
  },

  /** Many streams at once: wall time and the process's peak RSS. */
  async burst({ spec, expected, streams, warmup }) {
    const consumer = await client.load(task.root, spec);
    await Promise.all(Array.from({ length: warmup }, () => checked(consumer, expected)));
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    const t0 = now();
    await Promise.all(Array.from({ length: streams }, () => checked(consumer, expected)));
    const wallMs = now() - t0;
    // maxRSS is in KiB on Linux: the high-water mark of the whole process, imports included.
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    return { wallMs, peakRssMb, rssBeforeMb };
  },

  /**
   * A batch against a rate-limited route: `callers` concurrent callers, each making calls one
   * after another until `requests` have been made; retries do the rest.
   */
  async batch({ spec, expected, requests, callers, maxRetries, requestsPerMinute, deadlineMs }) {
    const consumer = await client.load(task.root, spec, { maxRetries, requestsPerMinute });
    const t0 = now();
    const deadline = new Promise((resolve) => setTimeout(resolve, deadlineMs, 'deadline')).then(
      () => 'deadline',
    );
    let completed = 0;
    let started = 0;
    const errors = {};
    const caller = async () => {
      while (started < requests) {
        started++;
        try {
          await checked(consumer, expected);
          completed++;
        } catch (error) {
          const key = String(error?.constructor?.name ?? 'Error');
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    };
    const all = Promise.all(Array.from({ length: callers }, caller));
    const outcome = await Promise.race([all.then(() => 'done'), deadline]);
    return { wallMs: now() - t0, completed, errors, finished: outcome === 'done' };
  },
};

try {
  const result = await scenarios[task.scenario](task.params);
  process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
  process.exit(0);
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ ok: false, error: String(error?.stack ?? error).slice(0, 2000) })}\n`,
  );
  process.exit(1);
}

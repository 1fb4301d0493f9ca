import { gzipSync } from 'node:zlib';

const MIB = 1024 * 1024;

/**
 * A gzip body (send it with `content-encoding: gzip`) that inflates to `prefix` followed by
 * `inflatedMiB` MiB of the byte `fill`. It is a chain of gzip members, each 1 MiB inflated,
 * which HTTP clients inflate as one body: 1 GiB of zeros costs about 1 MB on the wire, and
 * building it never holds the inflated size in memory.
 */
export function gzipBomb(inflatedMiB: number, options: { prefix?: string; fill?: number } = {}) {
  const block = gzipSync(Buffer.alloc(MIB, options.fill ?? 0), { level: 9 });
  const members: Buffer[] = [gzipSync(options.prefix ?? '')];
  for (let i = 0; i < inflatedMiB; i++) members.push(block);
  return Buffer.concat(members);
}

/**
 * Run `work` and report how far the resident set grew above where it started, in MB, sampled
 * every millisecond the event loop is free (inflating and parsing yield between reads).
 */
export async function peakRssGrowthMB(work: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 1);
  try {
    await work();
  } finally {
    clearInterval(timer);
    sample();
  }
  return (peak - start) / MIB;
}

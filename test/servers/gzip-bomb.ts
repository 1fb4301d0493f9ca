import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const MIB = 1024 * 1024;

/**
 * A gzip body (send it with `content-encoding: gzip`) that inflates to `prefix` followed by
 * `inflatedMiB` MiB of `unit` repeated (default: zero bytes). It is a chain of gzip members,
 * each 1 MiB inflated, which HTTP clients inflate as one body: 1 GiB of zeros costs about
 * 1 MB on the wire, and building it never holds the inflated size in memory.
 */
export function gzipBomb(
  inflatedMiB: number,
  options: { prefix?: string | Uint8Array; unit?: string | Uint8Array } = {},
): Buffer {
  const unit = Buffer.from(options.unit ?? new Uint8Array(1));
  const block = gzipSync(Buffer.alloc(MIB, unit), { level: 9 });
  const members: Buffer[] = [gzipSync(options.prefix ?? '')];
  for (let i = 0; i < inflatedMiB; i++) members.push(block);
  return Buffer.concat(members);
}

/** What one bomb scenario reported from its own process. */
export interface BombOutcome {
  /** Peak resident set during the call minus the resident set just before it, in MB (10^6 bytes). */
  growthMB: number;
  elapsedMs: number;
  error: { name: string; message: string; status?: number; retryable?: boolean } | undefined;
}

let bundleFolder: Promise<string> | undefined;

/**
 * Run one scenario of `bomb-scenario.ts` in a fresh Node process, so its peak RSS (the kernel's
 * figure, not a sample) belongs to that scenario alone. The TypeScript entry is bundled once
 * with esbuild, dependencies included, into a temporary folder.
 */
export async function runBombScenario(name: string): Promise<BombOutcome> {
  bundleFolder ??= (async () => {
    const folder = await mkdtemp(join(tmpdir(), 'synapsekit-bomb-'));
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./bomb-scenario.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'warning',
      // Bundled CommonJS dependencies call require(); give the ESM bundle one.
      banner: {
        // (Aliased: the bundled library imports createRequire under its own name too.)
        js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
      },
    });
    await writeFile(join(folder, 'bomb-scenario.mjs'), result.outputFiles[0]?.text ?? '');
    return folder;
  })();
  const script = join(await bundleFolder, 'bomb-scenario.mjs');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [script, name], { timeout: 60_000 }, (error, out, err) => {
      if (error) reject(new Error(`bomb scenario ${name} failed: ${err || error.message}`));
      else resolve(out);
    });
  });
  return JSON.parse(stdout) as BombOutcome;
}

/** Remove the bundle `runBombScenario` wrote, if any. */
export async function removeBombBundle(): Promise<void> {
  if (bundleFolder) await rm(await bundleFolder, { recursive: true, force: true });
  bundleFolder = undefined;
}

import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from './processes.mjs';

// What a user's `npm install <package>` puts on disk: the package and its runtime dependencies
// (npm installs required peer dependencies too, as it does for any user; optional ones it skips).
// Sizes are the sum of file sizes under node_modules, as packagephobia's "install size" counts.

async function directorySize(directory) {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      const inner = await directorySize(full);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += (await stat(full)).size;
      files++;
    }
  }
  return { bytes, files };
}

async function packageCount(nodeModules) {
  let count = 0;
  for (const entry of await readdir(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) {
      count += (await readdir(path.join(nodeModules, entry.name))).length;
    } else count++;
  }
  return count;
}

/** Install `specs` into a fresh directory and measure node_modules. */
export async function installSize(specs) {
  const directory = await mkdtemp(path.join(tmpdir(), 'synapsekit-bench-install-'));
  try {
    await writeFile(
      path.join(directory, 'package.json'),
      JSON.stringify({ name: 'install-size-probe', private: true }),
    );
    const result = await run(
      'npm',
      [
        'install',
        '--omit=dev',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--prefer-offline',
        ...specs,
      ],
      { cwd: directory, timeoutMs: 180_000 },
    );
    if (result.code !== 0) return { error: result.stderr.trim().split('\n').slice(-3).join(' ') };
    const nodeModules = path.join(directory, 'node_modules');
    const { bytes, files } = await directorySize(nodeModules);
    return { bytes, files, packages: await packageCount(nodeModules) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** `npm pack` the project (already built) and return the tarball path and sizes. */
export async function packProject(projectDirectory) {
  const destination = await mkdtemp(path.join(tmpdir(), 'synapsekit-bench-pack-'));
  const result = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    { cwd: projectDirectory, timeoutMs: 120_000 },
  );
  if (result.code !== 0) return { error: result.stderr.trim().split('\n').slice(-3).join(' ') };
  const [info] = JSON.parse(result.stdout);
  return {
    tarball: path.join(destination, info.filename),
    packedBytes: info.size,
    unpackedBytes: info.unpackedSize,
    files: info.entryCount,
    cleanup: () => rm(destination, { recursive: true, force: true }),
  };
}

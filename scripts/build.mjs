// Builds dist/: tsc writes the type declarations, esbuild the JavaScript. One bundled file per
// entry point (shared code split into chunks) instead of ~100 modules halves the import cost
// of `import 'synapsekit'`; dependencies stay external, and optional ones stay lazy imports.
// No minification and no source maps: the bundle reads like the source, and stays small.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
await build({
  entryPoints: ['src/index.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

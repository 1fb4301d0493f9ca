import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '../..');

/**
 * Run `script` (a file in this folder) in a fresh Node process, with the library's sources
 * transpiled to plain ESM as the build would emit them (SYNAPSEKIT_ENTRY) and a resolve hook
 * that logs every module Node loads. Returns the log; the script writes its own markers into
 * it (RESOLVE_LOG) to split what happened before and after a step.
 */
export async function resolveLogOf(script: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'synapsekit-lazy-'));
  const logPath = join(dir, 'resolved.log');
  try {
    transpileSources(join(REPO, 'src'), join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await promisify(execFile)(
      process.execPath,
      ['--import', join(HERE, 'register-resolve-log.mjs'), join(HERE, script)],
      {
        cwd: REPO,
        env: { ...process.env, RESOLVE_LOG: logPath, SYNAPSEKIT_ENTRY: join(dir, 'src/index.js') },
        timeout: 60_000,
      },
    );
    return readFileSync(logPath, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Emit every source file as ESM JavaScript, as the build does (types stripped, `.js` specifiers kept). */
function transpileSources(sourceDir: string, outDir: string): void {
  const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' });
  for (const file of files.filter((name) => name.endsWith('.ts'))) {
    const output = ts.transpileModule(readFileSync(join(sourceDir, file), 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const target = join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
}

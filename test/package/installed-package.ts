import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The checkout's root (its package.json and node_modules). */
export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/** What a child process printed, and how it ended. */
export interface NodeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * An application folder outside the checkout with synapsekit installed the way users get it:
 * the tarball `npm pack` makes from the built checkout, unpacked into `node_modules`, beside
 * its runtime dependencies and nothing else (none of the optional peers). Node resolves
 * packages by walking up from the importing file, so from here `better-sqlite3` and `ioredis`
 * really are missing, without uninstalling anything from the checkout.
 */
export class InstalledPackage {
  private constructor(readonly directory: string) {}

  /** Pack the built checkout (`npm test` builds first) and install it into a new folder. */
  static async create(): Promise<InstalledPackage> {
    const directory = mkdtempSync(join(tmpdir(), 'synapsekit-app-'));
    // --ignore-scripts: dist/ is already built; `prepack` would only build it again.
    const { stdout } = await run(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', directory],
      { cwd: REPOSITORY },
    );
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const modules = join(directory, 'node_modules');
    const installed = join(modules, 'synapsekit');
    mkdirSync(installed, { recursive: true });
    await run('tar', ['-xzf', join(directory, filename), '-C', installed, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      // A scoped package (@scope/name) lives in its scope's folder.
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(join(REPOSITORY, 'node_modules', name), join(modules, name), 'dir');
    }
    writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    return new InstalledPackage(directory);
  }

  /** Write a file of the application (e.g. `main.cjs`) and return its path. */
  write(name: string, text: string): string {
    const path = join(this.directory, name);
    writeFileSync(path, text);
    return path;
  }

  /** Run `node ...args` in the application folder, with no module path from the environment. */
  async node(args: string[]): Promise<NodeRun> {
    return this.exec(process.execPath, args);
  }

  /** Run any command in the application folder; a non-zero exit is a result, not a throw. */
  async exec(command: string, args: string[]): Promise<NodeRun> {
    const env = { ...process.env };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
    try {
      const { stdout, stderr } = await run(command, args, { cwd: this.directory, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: unknown; stdout?: string; stderr?: string };
      return {
        code: typeof failed.code === 'number' ? failed.code : -1,
        stdout: failed.stdout ?? '',
        stderr: failed.stderr ?? String(error),
      };
    }
  }

  remove(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

import { spawn } from 'node:child_process';

/**
 * Run a command to completion: its exit code, stdout, stderr and wall time in ms. A run that
 * outlives `timeoutMs` is killed and reported with code null.
 */
export function run(command, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** A worker's one JSON line, or a failure record carrying what it printed. */
export async function runWorker(workerPath, task, options) {
  const result = await run(process.execPath, [workerPath, JSON.stringify(task)], options);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line);
    if (parsed.ok) return parsed;
    return { ok: false, error: parsed.error };
  } catch {
    const why = result.code === null ? 'timed out' : `exit code ${result.code}`;
    return { ok: false, error: `${why}: ${(result.stderr || result.stdout).slice(-1500)}` };
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real redis-server started for this test run on a free loopback port. */
    redisUrl: string;
  }
}

let redis: ChildProcess | undefined;
let redisUrl: Promise<string> | undefined;
// vitest runs this setup for the root and for each project (vitest.config.ts): one server is
// shared by all, and stopped when the last of them tears down.
let users = 0;

/** Start one real redis-server for the whole run (tests use distinct key prefixes). */
export async function setup(project: TestProject): Promise<void> {
  users++;
  redisUrl ??= startRedis();
  project.provide('redisUrl', await redisUrl);
}

export async function teardown(): Promise<void> {
  users--;
  if (users > 0 || !redis || redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis?.once('exit', resolve));
  redis.kill('SIGTERM');
  await exited;
}

async function startRedis(): Promise<string> {
  const port = await freePort();
  redis = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('redis-server did not start within 10 s')),
      10_000,
    );
    redis?.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Could not start redis-server (apt-get install -y redis-server): ${error.message}`,
        ),
      );
    });
    redis?.stdout?.on('data', (data: Buffer) => {
      if (data.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return `redis://127.0.0.1:${port}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

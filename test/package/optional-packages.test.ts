import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstalledPackage } from './installed-package.js';

// Builds one client per config and prints, per config, whether the constructor threw.
const CONSTRUCT = `
import { ConfigError, OpenAILLM, RAG } from 'synapsekit';

const base = { model: 'gpt-4o-mini', apiKey: 'k' };
const configs = {
  sqliteCache: { ...base, cache: true, cacheBackend: 'sqlite' },
  redisCache: { ...base, cache: true, cacheBackend: 'redis' },
  redisRateLimit: { ...base, requestsPerMinute: 60, rateLimitBackend: 'redis' },
  redisRateLimitUnused: { ...base, rateLimitBackend: 'redis' },
  memory: { ...base, cache: true, requestsPerMinute: 60 },
  telemetry: { ...base, telemetry: true },
  telemetryOff: { ...base, telemetry: false, logger: console },
};
const outcome = {};
const attempt = (name, build) => {
  try {
    build();
    outcome[name] = 'constructed';
  } catch (error) {
    outcome[name] = { configError: error instanceof ConfigError, field: error.field, message: error.message };
  }
};
for (const [name, config] of Object.entries(configs)) attempt(name, () => new OpenAILLM(config));
attempt('ragSqlite', () => new RAG({ ...configs.sqliteCache }));
console.log(JSON.stringify(outcome));
`;

interface Failure {
  configError: boolean;
  field: string;
  message: string;
}

describe('a missing optional package, in an application that did not install it', () => {
  let app: InstalledPackage;
  let outcome: Record<string, 'constructed' | Failure>;

  beforeAll(async () => {
    app = await InstalledPackage.create();
    const result = await app.node([app.write('construct.mjs', CONSTRUCT)]);
    expect(result.stderr).toBe('');
    outcome = JSON.parse(result.stdout) as typeof outcome;
  }, 60_000);
  afterAll(() => app?.remove());

  it("cacheBackend: 'sqlite' without better-sqlite3 is a ConfigError at construction", () => {
    expect(outcome.sqliteCache).toMatchObject({ configError: true, field: 'cacheBackend' });
    const { message } = outcome.sqliteCache as Failure;
    expect(message).toContain("cacheBackend: 'sqlite' needs the optional package 'better-sqlite3'");
    expect(message).toContain('npm install better-sqlite3');
    // RAG builds its LLM in its constructor, so it fails there too.
    expect(outcome.ragSqlite).toMatchObject({ configError: true, field: 'cacheBackend' });
  });

  it('without ioredis, the error names the option that needs Redis', () => {
    expect(outcome.redisCache).toMatchObject({ configError: true, field: 'cacheBackend' });
    expect((outcome.redisCache as Failure).message).toContain(
      "cacheBackend: 'redis' needs the optional package 'ioredis'",
    );
    expect(outcome.redisRateLimit).toMatchObject({ configError: true, field: 'rateLimitBackend' });
    const { message } = outcome.redisRateLimit as Failure;
    expect(message).toContain("rateLimitBackend: 'redis' needs the optional package 'ioredis'");
    expect(message).toContain('npm install ioredis');
    expect(message).not.toContain('redisUrl');
  });

  it('telemetry without @opentelemetry/api is a ConfigError at construction naming the install', () => {
    expect(outcome.telemetry).toMatchObject({ configError: true, field: 'telemetry' });
    const { message } = outcome.telemetry as Failure;
    expect(message).toContain("telemetry needs the optional package '@opentelemetry/api'");
    expect(message).toContain('npm install @opentelemetry/api');
    // Telemetry off (the debug log on) needs nothing.
    expect(outcome.telemetryOff).toBe('constructed');
  });

  it('configs that need no optional package construct as before', () => {
    expect(outcome.memory).toBe('constructed');
    // No requestsPerMinute: the Redis rate limiter is never used, so ioredis is not needed.
    expect(outcome.redisRateLimitUnused).toBe('constructed');
  });
});

/**
 * Response cache and client-side rate limit.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key.
 *        CACHE_BACKEND=sqlite needs `npm install better-sqlite3`; CACHE_BACKEND=redis needs
 *        `npm install ioredis` and a Redis server (REDIS_URL, default redis://127.0.0.1:6379).
 * Run:   npx tsx examples/cache-and-rate-limit.ts
 *        (keyless: npm run example examples/cache-and-rate-limit.ts)
 */
import { createLLM, type LLMConfigOptions } from 'synapsekit';

const model = process.env.MODEL ?? 'gpt-4o-mini';

function configFor(backend: string | undefined): LLMConfigOptions {
  switch (backend ?? 'memory') {
    case 'memory': // per instance, an LRU of cacheMaxsize entries
      return { model, cache: true, cacheMaxsize: 500 };
    case 'sqlite': // a file: survives restarts, safe for several processes
      return { model, cache: true, cacheBackend: 'sqlite', cachePath: 'synapsekit-example.db' };
    case 'redis': // shared by every process and machine; the rate-limit bucket too
      return { model, cache: true, cacheBackend: 'redis', rateLimitBackend: 'redis' };
    default:
      throw new Error(`CACHE_BACKEND must be memory, sqlite or redis (got ${backend}).`);
  }
}

const llm = createLLM({
  ...configFor(process.env.CACHE_BACKEND),
  cacheTtl: 3600, // seconds; default: entries never expire
  requestsPerMinute: 60, // a token bucket: at most about one request per second
});

const question = 'What is a token bucket? One sentence.';
for (const label of ['first call', 'same call again']) {
  const started = performance.now();
  const answer = await llm.generate(question, {
    onFinish: ({ cached, attempts }) =>
      console.log(`${label}: cached=${cached}, requests=${attempts}`),
  });
  console.log(`  ${Math.round(performance.now() - started)} ms: ${answer}`);
}
console.log('cache stats:', llm.cacheStats); // { hits: 1, misses: 1, size: 1 } on a fresh cache

// `cache: false` skips the cache for one call (no read, no write).
await llm.generate(question, { cache: false });

// The bucket holds one second's worth of requests, so five calls at once are spread out
// (cache hits would take no token; these are all different prompts).
const started = performance.now();
await Promise.all(
  [1, 2, 3, 4, 5].map((n) => llm.generate(`Say the number ${n} in French, one word.`)),
);
console.log(`5 calls took ${Math.round(performance.now() - started)} ms (rate limited)`);

await llm.close(); // releases the SQLite file or the Redis connection

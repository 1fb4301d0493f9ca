import { afterAll, describe, expect, it } from 'vitest';
import { removeBombBundle, runBombScenario } from './servers/gzip-bomb.js';

// Each scenario runs in a process of its own (see bomb-scenario.ts), so the kernel's peak RSS
// figure is that scenario's alone, and they can run side by side. The bombs are 1 MB of gzip
// that inflate to 1 GiB.
describe.concurrent('a 1 GiB gzip bomb is cut off by every reader', () => {
  afterAll(removeBombBundle);

  for (const [scenario, errorName] of [
    ['sse-line', 'ProviderError'],
    ['sse-line-invalid-utf8', 'ProviderError'],
    ['sse-data-lines', 'ProviderError'],
    ['sse-comments', 'ProviderError'],
    ['ndjson-line', 'ProviderError'],
    ['event-stream-frame', 'ConnectionError'],
    ['event-stream-aws-maximum', 'ConnectionError'],
    ['error-body', 'ProviderError'],
  ] as const) {
    it(`${scenario}: a typed error, peak RSS growth under 100 MB`, async () => {
      const outcome = await runBombScenario(scenario);
      expect(outcome.error?.name).toBe(errorName);
      expect(outcome.growthMB).toBeLessThan(100);
    });
  }
});

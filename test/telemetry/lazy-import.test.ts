import { describe, expect, it } from 'vitest';
import { resolveLogOf } from '../lazy-import/resolve-log.js';

describe('telemetry off', () => {
  it('never loads @opentelemetry/api: not on import, construction, calls, retries, cache hits or the debug log', async () => {
    const log = await resolveLogOf('call-without-telemetry.mjs');
    const [before, after] = log.split(/^--- called without telemetry.*---$/m);
    expect(after, 'the child process did not reach its marker').toBeDefined();
    expect(log).toContain('--- called without telemetry (3 requests) ---');
    // The library itself was loaded and used (its SSE dependency shows up).
    expect(before).toContain('/node_modules/eventsource-parser/');
    expect(before).not.toContain('/node_modules/@opentelemetry/');
    // Control: the log does record the API once a call with telemetry on really loads it.
    expect(after).toContain('/node_modules/@opentelemetry/api/');
  }, 90_000);
});

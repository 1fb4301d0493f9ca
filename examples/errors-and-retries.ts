/**
 * Errors, retries, timeouts and cancelling: every error extends SynapseKitError, and each
 * kind carries the fields you need to decide what to do next.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key.
 *        Try OPENAI_API_KEY=wrong to see an AuthenticationError.
 * Run:   npx tsx examples/errors-and-retries.ts
 *        (keyless: npm run example examples/errors-and-retries.ts)
 */
import {
  AbortError,
  AuthenticationError,
  ConfigError,
  RateLimitError,
  StreamInterruptedError,
  SynapseKitError,
  TimeoutError,
  createLLM,
} from 'synapsekit';

const llm = createLLM({
  model: process.env.MODEL ?? 'gpt-4o-mini',
  maxRetries: 3, // retry 408, 409, 429, 5xx, connection errors and timeouts up to 3 more times
  retryDelay: 1, // seconds: 1, 2, 4 (minus jitter); a Retry-After header wins
  timeout: 30, // seconds to wait for the response headers, and for each silent gap in a stream
});

/** What each error kind tells you; anything that is not ours is rethrown. */
function explain(error: unknown): void {
  if (error instanceof AuthenticationError) {
    // Never retried. The message names the env var to check; it never contains the key.
    console.error(`Key refused (HTTP ${error.status}): ${error.providerMessage ?? error.message}`);
  } else if (error instanceof RateLimitError) {
    // retryable is false when the quota or credit is exhausted: waiting will not help.
    const wait = error.retryAfterMs === undefined ? 'later' : `in ${error.retryAfterMs} ms`;
    console.error(`Rate limited after ${error.attempts.length} attempt(s); try again ${wait}.`);
  } else if (error instanceof StreamInterruptedError) {
    // stream() retries only until the first text reached you; this keeps what you received.
    console.error(`\nStream broke after ${error.partialText.length} characters:`, error.cause);
  } else if (error instanceof TimeoutError) {
    console.error(`Nothing arrived for ${error.timeoutMs} ms.`);
  } else if (error instanceof AbortError) {
    console.error('\n(cancelled)');
  } else if (error instanceof ConfigError) {
    // Bad input fails before any request, naming the field at fault.
    console.error(`ConfigError on ${error.field}: ${error.message}`);
  } else if (error instanceof SynapseKitError) {
    // ProviderError, ConnectionError...: `attempts` lists every attempt's error, oldest first.
    for (const attempt of error.attempts) console.error(`${attempt.name}: ${attempt.message}`);
  } else {
    throw error;
  }
}

// 1. generate() retries from scratch; when the retries run out, the last typed error is thrown.
try {
  console.log(await llm.generate('Explain exponential backoff in one sentence.'));
} catch (error) {
  explain(error);
}

// 2. stream() yields text as it arrives.
try {
  for await (const text of llm.stream('Write a limerick about retries.')) {
    process.stdout.write(text);
  }
  process.stdout.write('\n');
} catch (error) {
  explain(error);
}

// 3. An AbortSignal cancels the HTTP request itself (also during a retry wait). Here: a
//    button-style cancel after one second, plus a 60 s deadline for the whole call
//    (`timeout` above only bounds the silent gaps).
const controller = new AbortController();
setTimeout(() => controller.abort(), 1_000);
try {
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)]);
  for await (const text of llm.stream('Count slowly from 1 to 200.', { signal })) {
    process.stdout.write(text);
  }
  console.log('\n(finished within one second)');
} catch (error) {
  explain(error);
}

// 4. Bad input: temperature must be 0 to 2.
try {
  await llm.generate('Hi', { temperature: 5 });
} catch (error) {
  explain(error);
}

await llm.close();

/**
 * Fallbacks between models and providers, and a spending cap.
 *
 * Needs: ANTHROPIC_API_KEY and OPENAI_API_KEY (the first model below has its network cut on
 *        purpose, so the router falls back).
 * Run:   npx tsx examples/routing-and-budgets.ts
 *        (keyless: npm run example examples/routing-and-budgets.ts)
 */
import { BudgetExceededError, createRouter } from 'synapsekit';

const router = createRouter({
  models: [
    // A model whose network is down (its fetch fails, as in an outage): a ConnectionError,
    // so the router moves on to the next model.
    { model: 'gpt-4o-mini', fetch: () => Promise.reject(new TypeError('fetch failed')) },
    { model: 'claude-haiku-4-5', maxRetries: 2 }, // each model keeps its own retries first
    { model: 'gpt-4o-mini' },
  ],
  strategy: 'fallback', // or 'round-robin', 'least-busy', 'cheapest'
  cooldown: { failures: 3, windowSeconds: 60, seconds: 30 }, // the defaults
  // A cap over every model of the router, priced with the bundled price table.
  budget: { usd: 0.001, period: 'day' },
});

const text = await router.generate('Say hello in five words.', {
  onFinish: ({ provider, model, usage }) =>
    console.log(`(answered by ${provider} ${model}: ${usage.input} in / ${usage.output} out)`),
});
console.log(text);

// Streams fall back too, but only before their first piece reached you.
for await (const piece of router.stream('Count to five.')) process.stdout.write(piece);
console.log();

// Calls go on until the day's spend reaches the cap, then fail before any request is sent.
try {
  for (let i = 0; i < 100; i++) await router.generate(`Question ${i}: one word, please.`);
} catch (error) {
  if (!(error instanceof BudgetExceededError)) throw error;
  console.log(`${error.name}: ${error.message}`);
}
const status = await router.budgetStatus();
console.log(
  `spent $${status.spentUsd.toFixed(6)} of $0.001; resets at ${status.resetsAt?.toISOString()}`,
);
await router.close();

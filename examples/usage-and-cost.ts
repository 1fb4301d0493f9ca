/**
 * Token usage and cost: every call's usage arrives in onFinish; a TokenTracer adds it up per
 * model and prices it from the bundled, dated price table.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key.
 * Run:   npx tsx examples/usage-and-cost.ts
 *        (keyless: npm run example examples/usage-and-cost.ts)
 */
import { PRICES_AS_OF, TokenTracer, createLLM, estimateCost } from 'synapsekit';

const model = process.env.MODEL ?? 'gpt-4o-mini';
const llm = createLLM({ model, cache: true });
const tracer = new TokenTracer({ model });

async function ask(question: string): Promise<string> {
  const started = performance.now();
  return llm.generate(question, {
    // Recording from onFinish counts each call once, even when calls run concurrently.
    onFinish: ({ usage, cached, finishReason }) => {
      tracer.recordUsage(usage, { cached, latencyMs: performance.now() - started });
      const detail = usage.reported ? `${usage.input} in, ${usage.output} out` : 'no usage';
      console.log(`[${finishReason}${cached ? ', cached' : ''}] ${detail}: ${question}`);
    },
  });
}

await Promise.all([ask('Name a prime number.'), ask('Name a colour.')]);
await ask('Name a prime number.'); // a cache hit: counted as a call, no tokens, no cost

const summary = tracer.summary();
console.log(summary);
// estimatedCostUsd is null, never 0, when the model has no price (pass `prices` to add one).
console.log(`estimated cost: ${summary.estimatedCostUsd ?? 'unknown'} USD`);
console.log('this instance, every attempt included:', llm.tokensUsed);

// Price a call you did not trace, from the same table (USD per 1M tokens, read on PRICES_AS_OF).
console.log(`1M in + 1M out of ${model}: ${estimateCost(model, 1e6, 1e6) ?? 'unknown'} USD`);
console.log(`prices as of ${PRICES_AS_OF}`);

// Your own prices (a fine-tune, a negotiated rate) are laid over the bundled table.
const custom = new TokenTracer({
  model: 'my-finetune',
  prices: { 'my-finetune': { input: 3, output: 12, cachedInput: 0.3 } },
});
custom.record({ inputTokens: 1_000, outputTokens: 500 });
console.log('my-finetune, 1000 in + 500 out:', custom.summary().estimatedCostUsd, 'USD');

await llm.close();

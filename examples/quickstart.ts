/**
 * Quick start: stream an answer, generate one, and read the token counts.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key,
 *        e.g. MODEL=claude-haiku-4-5 with ANTHROPIC_API_KEY (the provider is detected).
 * Run:   npx tsx examples/quickstart.ts
 *        (keyless: npm run example examples/quickstart.ts)
 */
import { createLLM } from 'synapsekit';

const llm = createLLM({ model: process.env.MODEL ?? 'gpt-4o-mini' });

// stream(): text pieces as they arrive.
for await (const text of llm.stream('Write a haiku about TypeScript.')) {
  process.stdout.write(text);
}
process.stdout.write('\n\n');

// generate(): the whole answer as one string. Per-call options override the config.
const answer = await llm.generate('What is the capital of France? Answer in one word.', {
  temperature: 0,
  maxTokens: 20,
});
console.log(answer);

// The provider's own token counts, summed over every call of this instance.
console.log('tokens used:', llm.tokensUsed);

await llm.close();

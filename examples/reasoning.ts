/**
 * Reasoning controls: one `reasoning` option, mapped to each provider's knob; reasoning
 * arrives as `reasoning` events before the answer, never inside `stream()` text.
 *
 * Needs: ANTHROPIC_API_KEY. Or set MODEL to another reasoning model and that provider's key,
 *        e.g. MODEL=gemini-2.5-flash with GEMINI_API_KEY (the provider is detected).
 * Run:   npx tsx examples/reasoning.ts
 *        (keyless: npm run example examples/reasoning.ts)
 */
import { ConfigError, createLLM } from 'synapsekit';

const llm = createLLM({ model: process.env.MODEL ?? 'claude-sonnet-4-5', maxTokens: 1024 });

// A budget (Anthropic, Claude on Bedrock, Gemini 2.5, Cohere, OpenRouter). On Claude a budget
// at or above maxTokens raises max_tokens to budget + maxTokens, so the answer keeps its room.
let thought = 0;
process.stdout.write('> ');
for await (const event of llm.streamEvents('Is 1001 prime? Answer in one sentence.', {
  reasoning: { budgetTokens: 2048 },
})) {
  if (event.type === 'reasoning') thought += event.text.length;
  if (event.type === 'text') process.stdout.write(event.text);
}
console.log(`\n(${thought} characters of reasoning arrived before the answer)\n`);

// An effort (OpenAI, Groq, Mistral, DeepSeek, Ollama, Gemini 3...). On Claude it is adaptive
// thinking with output_config.effort, which the newer models (Opus 5) take.
const effortModel = createLLM({ model: process.env.EFFORT_MODEL ?? 'claude-opus-5' });
const answer = await effortModel.generateResponse('How many weekdays are in March 2027?', {
  reasoning: { effort: 'low' },
});
console.log(`> ${answer.text}\n`);

// A provider without a knob refuses, before any request.
const perplexity = createLLM({ provider: 'perplexity', model: 'sonar' });
try {
  await perplexity.generate('Think hard.', { reasoning: { effort: 'high' } });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.log(`Refused before any request: ${error.message}`);
}
await llm.close();
await effortModel.close();
await perplexity.close();

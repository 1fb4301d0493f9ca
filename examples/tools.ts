/**
 * Tools: the model calls a function, the library runs it and sends the result back
 * (`maxSteps`), and every step shows up in the event stream.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key,
 *        e.g. MODEL=claude-haiku-4-5 with ANTHROPIC_API_KEY (every provider but Perplexity
 *        has tools).
 * Run:   npx tsx examples/tools.ts
 *        (keyless: npm run example examples/tools.ts)
 */
import { createLLM, tool, type Message } from 'synapsekit';

const llm = createLLM({ model: process.env.MODEL ?? 'gpt-4o-mini' });

// A tool: its input schema (plain JSON Schema here; a zod 4 schema works too and types
// `input`), and `execute`, which the library runs when the model calls it.
const weather = tool({
  description: 'The current weather in a city',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string', description: 'The city, e.g. Paris' } },
    required: ['city'],
  },
  execute: (input) => {
    const { city } = input as { city: string };
    return { city, celsius: city.length + 12, sky: 'clear' };
  },
});

// 1. The loop: call the tool, send its result back, get the final answer.
const answer = await llm.generate('What is the weather in Paris?', {
  tools: { weather },
  maxSteps: 3,
  onFinish: ({ steps, usage, finishReason }) =>
    console.log(`(${steps} steps, ${usage.input} in / ${usage.output} out, ${finishReason})`),
});
console.log(answer);

// 2. The events of the same kind of call, as they arrive.
for await (const event of llm.streamEvents('And in Oslo?', { tools: { weather }, maxSteps: 3 })) {
  if (event.type === 'tool-call') console.log(`-> ${event.name}(${JSON.stringify(event.input)})`);
  if (event.type === 'tool-result') console.log(`<- ${JSON.stringify(event.output)}`);
  if (event.type === 'text') process.stdout.write(event.text);
  if (event.type === 'finish')
    console.log(`\n(finish: ${event.finishReason}, ${event.steps} steps)`);
}

// 3. Without `execute` (or with maxSteps 1), calls come back to you: run them yourself and
//    append the messages the response gives, then the results, to the conversation.
const conversation: Message[] = [{ role: 'user', content: 'Weather in Rome, please.' }];
const { description, inputSchema } = weather;
const first = await llm.generateResponse(conversation, {
  tools: { weather: { description, inputSchema } },
});
conversation.push(...first.messages);
if (first.toolCalls.length > 0) {
  conversation.push({
    role: 'tool',
    content: first.toolCalls.map((call) => ({
      type: 'tool-result' as const,
      id: call.id,
      name: call.name,
      output: { city: 'Rome', celsius: 24, sky: 'sunny' },
    })),
  });
}
const second = await llm.generateResponse(conversation, {
  tools: { weather: { description, inputSchema } },
});
console.log(`${first.toolCalls.length} call(s) run by hand; then: ${second.text}`);

await llm.close();

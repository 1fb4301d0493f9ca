/**
 * Conversations: send a message list, keep the history, stream the next turn.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key,
 *        e.g. MODEL=gemini-2.5-flash with GEMINI_API_KEY (the provider is detected).
 * Run:   npx tsx examples/messages.ts
 *        (keyless: npm run example examples/messages.ts)
 */
import { createLLM, type Message } from 'synapsekit';

// systemPrompt is used only when the message list has no system message of its own.
const llm = createLLM({
  model: process.env.MODEL ?? 'gpt-4o-mini',
  systemPrompt: 'You are a patient teacher.',
});

const history: Message[] = [
  { role: 'system', content: 'Answer in at most two sentences.' }, // wins over systemPrompt
  { role: 'user', content: 'What are server-sent events?' },
];

const first = await llm.generateWithMessages(history);
console.log(`> ${first}\n`);

// Add the answer and the next question, then stream the reply to the whole conversation.
history.push(
  { role: 'assistant', content: first },
  { role: 'user', content: 'How do they differ from WebSockets?' },
);
let second = '';
process.stdout.write('> ');
for await (const text of llm.streamWithMessages(history)) {
  second += text;
  process.stdout.write(text);
}
process.stdout.write('\n');
history.push({ role: 'assistant', content: second });

console.log(`\n${history.length} messages in the conversation; tokens used:`, llm.tokensUsed);
await llm.close();

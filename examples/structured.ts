/**
 * Structured output: a typed object that matches your schema, from any provider, validated
 * (and repaired once or twice if the model gets it wrong), or streamed as it grows.
 *
 * Needs: OPENAI_API_KEY. Or set MODEL to another provider's model and that provider's key,
 *        e.g. MODEL=claude-haiku-4-5 with ANTHROPIC_API_KEY, MODEL=gemini-2.5-flash with
 *        GEMINI_API_KEY (every provider has structured output). Needs zod: npm install zod.
 * Run:   npx tsx examples/structured.ts
 *        (keyless: npm run example examples/structured.ts)
 */
import { createLLM, StructuredOutputError, type JsonSchema } from 'synapsekit';
import { z } from 'zod';

const llm = createLLM({ model: process.env.MODEL ?? 'gpt-4o-mini' });

// 1. A zod 4 schema: the result's type is inferred from it, and the answer is validated with it.
const Weather = z.object({
  city: z.string(),
  temperatureC: z.number(),
  conditions: z.enum(['sunny', 'cloudy', 'rainy', 'snowy']),
});
const weather = await llm.generateStructured('What is the weather in Paris today?', Weather, {
  onFinish: ({ structuredMode, attempts }) =>
    console.log(`(mode ${structuredMode}, ${attempts} request(s))`),
});
console.log(`${weather.city}: ${weather.temperatureC} °C, ${weather.conditions}`);

// 2. A plain JSON Schema works too (validated with a JSON Schema validator; the result is
//    `unknown` unless you name its type, as here), and `mode` picks the mechanism: 'auto' (the
//    provider's native structured output where it has one), 'native', 'tool' or 'json'.
const contactSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    email: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'email', 'tags'],
  additionalProperties: false,
};
const contact = await llm.generateStructured<{ name: string; email: string; tags: string[] }>(
  'Extract the contact: "Reach Ada at ada@example.com, she leads Research."',
  contactSchema,
  { mode: 'json', description: 'a contact card' },
);
console.log(`contact (json mode): ${JSON.stringify(contact)}`);

// 3. streamStructured: deep-partial objects while the JSON streams, then the validated one.
let updates = 0;
let last: unknown;
for await (const partial of llm.streamStructured('Weather in Oslo, please.', Weather)) {
  updates += 1;
  last = partial;
  if (updates <= 3) console.log(`partial ${updates}: ${JSON.stringify(partial)}`);
}
console.log(`... ${updates} updates in all; last: ${JSON.stringify(last)}`);

// 4. A bad answer goes back to the model with what is wrong (here a rule JSON Schema cannot
//    express, so only the repair message tells the model); after repairAttempts repairs it is
//    a StructuredOutputError with the last answer and its issues.
const Capitals = z.object({
  city: z.string().refine((city) => city === city.toUpperCase(), 'write the city in capitals'),
});
try {
  const { city } = await llm.generateStructured('Which city is the Eiffel Tower in?', Capitals, {
    repairAttempts: 1,
  });
  console.log(`repaired answer: ${city}`);
} catch (error) {
  if (!(error instanceof StructuredOutputError)) throw error;
  console.log(
    `StructuredOutputError after ${error.attempts.length} tries: ${error.issues[0]?.message}; last answer ${error.text}`,
  );
}

await llm.close();

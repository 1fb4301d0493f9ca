/**
 * `npm run example examples/<name>.ts` loads this first (`--import`): it starts the stand-in
 * model server (model-server.ts) and sends every request of the example there, so each
 * example runs without an API key or a network, unchanged. Keys in your environment are
 * replaced by a placeholder for this process, so none of them leaves it. Run the example with
 * `npx tsx examples/<name>.ts` instead to call the real provider with your key.
 */
import { ReplayServer } from '../../test/servers/replay-server.js';
import { answerLikeAModel } from './model-server.js';

/** Every variable the providers read a credential from; each gets the placeholder or goes. */
const KEY_VARIABLES = [
  'OPENAI_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'COHERE_API_KEY',
  'MISTRAL_API_KEY',
  'GROQ_API_KEY',
  'DEEPSEEK_API_KEY',
  'OPENROUTER_API_KEY',
  'TOGETHER_API_KEY',
  'FIREWORKS_API_KEY',
  'PERPLEXITY_API_KEY',
  'CEREBRAS_API_KEY',
];
const FALLBACK_VARIABLES = ['GOOGLE_API_KEY', 'CO_API_KEY', 'OLLAMA_API_KEY'];

const server = await ReplayServer.start();
server.always(answerLikeAModel);
// The example decides when the process ends, as it would against the real API.
server.unref();

const placeholder = 'keyless-example-key';
for (const name of KEY_VARIABLES) process.env[name] = placeholder;
for (const name of FALLBACK_VARIABLES) delete process.env[name];
// Bedrock signs with these (the stand-in does not check the signature); Azure needs an endpoint.
delete process.env.AWS_BEARER_TOKEN_BEDROCK;
delete process.env.AWS_SESSION_TOKEN;
process.env.AWS_ACCESS_KEY_ID = 'AKIDKEYLESSEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = placeholder;
process.env.AWS_REGION ??= 'us-east-1';
process.env.AZURE_OPENAI_ENDPOINT = server.url;

// Every request goes to the stand-in, whatever host the example's client was built for.
const networkFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const original = new URL(input instanceof Request ? input.url : input);
  const local = new URL(original.pathname + original.search, server.url);
  return networkFetch(input instanceof Request ? new Request(local, input) : local, init);
};

console.log(
  `(keyless: every request goes to a local replay server at ${server.url} that answers like a ` +
    'model, in each provider’s wire format; run `npx tsx <example>` with your API key to call the provider)\n',
);

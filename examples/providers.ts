/**
 * One line per provider, with its provider-specific options. Pick one with PROVIDER.
 *
 * Needs: the chosen provider's key and settings in the environment (PROVIDER: env vars):
 *   openai: OPENAI_API_KEY            azure: AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT
 *   anthropic: ANTHROPIC_API_KEY      gemini: GEMINI_API_KEY (or GOOGLE_API_KEY)
 *   cohere: COHERE_API_KEY            mistral: MISTRAL_API_KEY
 *   groq: GROQ_API_KEY                deepseek: DEEPSEEK_API_KEY
 *   openrouter: OPENROUTER_API_KEY    together: TOGETHER_API_KEY
 *   fireworks: FIREWORKS_API_KEY      perplexity: PERPLEXITY_API_KEY
 *   cerebras: CEREBRAS_API_KEY        ollama: nothing (a running Ollama server)
 *   bedrock: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK),
 *            and `npm install aws4fetch @smithy/eventstream-codec`
 * Run:   PROVIDER=anthropic npx tsx examples/providers.ts
 *        (keyless: PROVIDER=anthropic npm run example examples/providers.ts)
 */
import {
  AnthropicLLM,
  AzureOpenAILLM,
  BedrockLLM,
  CerebrasLLM,
  CohereLLM,
  DeepSeekLLM,
  FireworksLLM,
  GeminiLLM,
  GroqLLM,
  MistralLLM,
  OllamaLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  TogetherLLM,
  type BaseLLM,
  type ProviderName,
} from 'synapsekit';

// Each entry builds its client only when chosen: a constructor throws a ConfigError naming
// the env var when its key is missing. Every option falls back to the env var shown above.
const providers = {
  // Optional second argument { organization, project } (else OPENAI_ORG_ID, OPENAI_PROJECT_ID).
  openai: () => new OpenAILLM({ model: 'gpt-4o-mini' }),
  // `model` names the model; `deployment` (default: the model) goes in the URL.
  azure: () =>
    new AzureOpenAILLM(
      { model: 'gpt-4o' },
      {
        endpoint: process.env.AZURE_OPENAI_ENDPOINT,
        deployment: 'gpt-4o',
        apiVersion: '2024-10-21',
      },
    ),
  anthropic: () => new AnthropicLLM({ model: 'claude-haiku-4-5' }),
  gemini: () => new GeminiLLM({ model: 'gemini-2.5-flash' }),
  cohere: () => new CohereLLM({ model: 'command-a-03-2025' }),
  mistral: () => new MistralLLM({ model: 'mistral-medium-latest' }),
  groq: () => new GroqLLM({ model: 'llama-3.3-70b-versatile' }),
  deepseek: () => new DeepSeekLLM({ model: 'deepseek-v4-pro' }),
  // Optional attribution headers (HTTP-Referer, X-Title) for openrouter.ai's app rankings.
  openrouter: () =>
    new OpenRouterLLM(
      { model: 'openai/gpt-4o-mini' },
      { appUrl: 'https://example.com', appName: 'synapsekit example' },
    ),
  together: () => new TogetherLLM({ model: 'openai/gpt-oss-120b' }),
  fireworks: () => new FireworksLLM({ model: 'accounts/fireworks/models/gpt-oss-120b' }),
  perplexity: () => new PerplexityLLM({ model: 'sonar' }),
  cerebras: () => new CerebrasLLM({ model: 'gpt-oss-120b' }),
  // The host is OLLAMA_HOST (host:port or URL), else http://127.0.0.1:11434; a baseUrl such
  // as 'http://gpu-box:11434' overrides both. No key needed.
  ollama: () => new OllamaLLM({ model: 'llama3.2' }),
  // The region is never read from baseUrl. Credentials: the AWS env vars (or a Bedrock API key
  // in apiKey / AWS_BEARER_TOKEN_BEDROCK), or `credentials: { accessKeyId, secretAccessKey,
  // sessionToken }`, or `credentialProvider` for expiring ones (e.g. the AWS SDK's chain).
  bedrock: () =>
    new BedrockLLM(
      { model: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
      { region: process.env.AWS_REGION ?? 'us-east-1' },
    ),
} satisfies Record<ProviderName, () => BaseLLM>;

const name = process.env.PROVIDER ?? 'openai';
if (!(name in providers)) {
  throw new Error(`PROVIDER must be one of: ${Object.keys(providers).join(', ')}.`);
}
const llm = providers[name as ProviderName]();

console.log(`${name} -> ${llm.endpoint}`);
for await (const text of llm.stream('Say hello in three languages.')) {
  process.stdout.write(text);
}
console.log('\ntokens used:', llm.tokensUsed);
await llm.close();

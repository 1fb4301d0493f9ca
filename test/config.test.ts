import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigError } from '../src/index.js';
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
  LLMConfig,
  MistralLLM,
  OllamaLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  TogetherLLM,
  createLLM,
  type LLMConfigOptions,
  type ProviderName,
} from '../src/index.js';
import { configErrorOf } from './servers/capture.js';

function configError(options: unknown): ConfigError {
  return configErrorOf(() => new LLMConfig(options as LLMConfigOptions));
}

describe('LLMConfig', () => {
  it('fills every documented default', () => {
    const config = new LLMConfig({ model: 'gpt-4o-mini' });
    expect(config).toMatchObject({
      model: 'gpt-4o-mini',
      provider: 'openai',
      systemPrompt: 'You are a helpful assistant.',
      temperature: 0.2,
      maxTokens: 1024,
      cache: false,
      cacheMaxsize: 128,
      cacheBackend: 'memory',
      cachePath: 'synapsekit_llm_cache.db',
      cacheTtl: undefined,
      maxRetries: 0,
      retryDelay: 1,
      requestsPerMinute: undefined,
      rateLimitBackend: 'memory',
      timeout: 600,
      baseUrl: undefined,
      headers: {},
      fetch: undefined,
    });
    expect(config.redisUrl).toBe(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });

  it('detects the provider from the model, and an explicit provider wins', () => {
    expect(new LLMConfig({ model: 'claude-3-haiku-20240307' }).provider).toBe('anthropic');
    expect(new LLMConfig({ model: 'claude-3-haiku-20240307', provider: 'bedrock' }).provider).toBe(
      'bedrock',
    );
  });

  it.each([
    [{ model: '' }, 'model', /model must be a non-empty model id/],
    [
      { model: 'm', temperature: 3 },
      'temperature',
      /temperature must be a number from 0 to 2 \(got 3\)/,
    ],
    [{ model: 'm', temperature: Number.NaN }, 'temperature', /from 0 to 2/],
    [{ model: 'm', maxTokens: 0 }, 'maxTokens', /maxTokens must be an integer >= 1 \(got 0\)/],
    [{ model: 'm', maxTokens: 10.5 }, 'maxTokens', /integer/],
    [{ model: 'm', maxRetries: -1 }, 'maxRetries', /integer >= 0/],
    [{ model: 'm', retryDelay: -1 }, 'retryDelay', /from 0 to 60, in seconds/],
    [{ model: 'm', requestsPerMinute: 0 }, 'requestsPerMinute', /> 0/],
    [{ model: 'm', timeout: 0 }, 'timeout', /> 0 and at most 3600, in seconds/],
    [
      { model: 'm', cacheBackend: 'disk' },
      'cacheBackend',
      /'memory', 'sqlite', 'redis' \(got "disk"\)/,
    ],
    [{ model: 'm', rateLimitBackend: 'postgres' }, 'rateLimitBackend', /'memory', 'redis'/],
    [{ model: 'm', cacheMaxsize: 0 }, 'cacheMaxsize', />= 1/],
    [{ model: 'm', cacheTtl: -5 }, 'cacheTtl', /> 0/],
    [{ model: 'm', baseUrl: 'localhost:8080' }, 'baseUrl', /http:\/\/ or https:\/\//],
    [{ model: 'm', redisUrl: 'http://x' }, 'redisUrl', /redis:\/\//],
    [{ model: 'm', headers: { 'x-a': 1 } }, 'headers.x-a', /must be a string/],
    [{ model: 'm', fetch: 'yes' }, 'fetch', /function/],
  ])('rejects %j naming the field, the value and the range', (options, field, message) => {
    const error = configError(options);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('refuses a timeout in milliseconds, naming the unit and the seconds it meant', () => {
    const error = configError({ model: 'm', timeout: 30000 });
    expect(error.field).toBe('timeout');
    expect(error.message).toContain('timeout is in seconds and must be at most 3600');
    expect(error.message).toContain('8.3 hours');
    expect(error.message).toContain('use timeout: 30.');
    expect(new LLMConfig({ model: 'm', timeout: 3600 }).timeout).toBe(3600);
    expect(new LLMConfig({ model: 'm', timeout: 0.5 }).timeout).toBe(0.5);
  });

  it('refuses a timeout past what Node timers can hold (they would fire at once)', () => {
    // 2,147,484 s is just over 2^31 - 1 ms, where Node clamps a timer to 1 ms.
    for (const timeout of [2_147_484, 1e9]) {
      expect(configError({ model: 'm', timeout }).field).toBe('timeout');
    }
  });

  it('refuses a retryDelay in milliseconds (every backoff step is capped at 60 s anyway)', () => {
    const error = configError({ model: 'm', retryDelay: 1000 });
    expect(error.field).toBe('retryDelay');
    expect(error.message).toContain('retryDelay is in seconds and must be at most 60');
    expect(error.message).toContain('use retryDelay: 1.');
    expect(new LLMConfig({ model: 'm', retryDelay: 60 }).retryDelay).toBe(60);
    expect(new LLMConfig({ model: 'm', retryDelay: 0 }).retryDelay).toBe(0);
  });

  it('an unknown provider lists the valid names', () => {
    const error = configError({ model: 'm', provider: 'openia' });
    expect(error.message).toContain('Unknown provider "openia"');
    expect(error.message).toContain(
      'openai, anthropic, ollama, cohere, mistral, gemini, bedrock, azure',
    );
  });

  it('a misspelt option is rejected with a hint', () => {
    expect(configError({ model: 'm', max_tokens: 5 }).message).toContain(
      "Did you mean 'maxTokens'?",
    );
    expect(configError({ model: 'm', api_key: 'x' }).message).toContain("Did you mean 'apiKey'?");
    expect(configError({ model: 'm', temprature: 0.1 }).message).toContain(
      "Did you mean 'temperature'?",
    );
    expect(configError({ model: 'm', flavour: 'x' }).message).toContain("Unknown option 'flavour'");
  });

  it('never prints or serialises the API key', () => {
    const config = new LLMConfig({ model: 'm', apiKey: 'sk-very-secret-value-123' });
    expect(config.apiKey).toBe('sk-very-secret-value-123');
    expect(JSON.stringify(config)).not.toContain('sk-very-secret');
    expect(inspect(config)).not.toContain('sk-very-secret');
    expect(inspect(new OpenAILLM(config))).not.toContain('sk-very-secret');
    expect(JSON.stringify(new OpenAILLM(config))).not.toContain('sk-very-secret');
  });

  it('strips a trailing slash from baseUrl', () => {
    expect(new LLMConfig({ model: 'm', baseUrl: 'http://127.0.0.1:9/v1/' }).baseUrl).toBe(
      'http://127.0.0.1:9/v1',
    );
  });
});

describe('API keys', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the provider env var when apiKey is omitted', () => {
    process.env.GROQ_API_KEY = 'gsk-from-env';
    expect(() => new GroqLLM({ model: 'llama-3.3-70b-versatile' })).not.toThrow();
  });

  it('a missing key is a ConfigError naming the env var', () => {
    delete process.env.OPENAI_API_KEY;
    expect(() => new OpenAILLM({ model: 'gpt-4o-mini' })).toThrow(/OPENAI_API_KEY/);
    delete process.env.GROQ_API_KEY;
    expect(() => createLLM({ model: 'gemma2-9b-it' })).toThrow(/GROQ_API_KEY/);
  });

  it("a missing key for an id that looks like a local Ollama model says provider: 'ollama'", () => {
    for (const name of [
      'OPENAI_API_KEY',
      'GROQ_API_KEY',
      'OPENROUTER_API_KEY',
      'MISTRAL_API_KEY',
    ]) {
      delete process.env[name];
    }
    const messageFor = (config: LLMConfigOptions): string =>
      configErrorOf(() => createLLM(config)).message;
    // name:tag ids, whatever the table detected (openai, mistral, openrouter).
    for (const model of ['qwen2.5:7b', 'mistral:7b', 'hf.co/bartowski/Llama-3.2-1B-GGUF:Q4_K_M']) {
      expect(messageFor({ model })).toContain(`'${model}' looks like a local Ollama model`);
      expect(messageFor({ model })).toContain("pass provider: 'ollama'");
    }
    // Bare llama/gemma names are Groq ids by the table, and Ollama's too.
    const llama = messageFor({ model: 'llama3.2' });
    expect(llama).toContain('GROQ_API_KEY');
    expect(llama).toContain("pass provider: 'ollama'");
    // Ids with a colon that are not Ollama tags, a plain OpenAI id, an explicit provider: no hint.
    for (const config of [
      { model: 'ft:gpt-4o-mini-2024-07-18:my-org::abc123' },
      { model: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
      { model: 'gpt-4o-mini' },
      { model: 'qwen2.5:7b', provider: 'openai' as const },
    ]) {
      expect(messageFor(config)).not.toContain('ollama');
    }
    expect(createLLM({ model: 'qwen2.5:7b', provider: 'ollama' })).toBeInstanceOf(OllamaLLM);
  });

  it.each([
    ['a trailing newline', 'sk-proj-SECRET0123456789\n', /line feed \(\\n\) at position 25 of 25/],
    ['a CR from a Windows env file', 'sk-proj-SECRET0123456789\r', /carriage return/],
    ['a NUL', 'sk-proj-SECRET\u00000123456789', /NUL character at position 15/],
    ['a non-Latin-1 character', 'sk-proj-SECRET\u20190123456789', /beyond Latin-1 \(U\+2019\)/],
    ['a leading space', ' sk-proj-SECRET0123456789', /starts with whitespace/],
    ['a trailing space', 'sk-proj-SECRET0123456789 ', /ends with whitespace/],
  ])('an apiKey with %s is refused at construction, without quoting it', (_, apiKey, reason) => {
    const error = configErrorOf(() => new OpenAILLM({ model: 'gpt-4o-mini', apiKey }));
    expect(error.field).toBe('apiKey');
    expect(error.message).toMatch(reason);
    expect(error.message).toContain('cannot be sent in an HTTP header');
    expect(error.message).not.toContain('SECRET');
  });

  it('a key from the env var with a CR is refused naming the variable, without quoting it', () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-SECRET0123456789\r';
    const error = configErrorOf(() => new AnthropicLLM({ model: 'claude-haiku-4-5' }));
    expect(error.field).toBe('ANTHROPIC_API_KEY');
    expect(error.message).toMatch(/^ANTHROPIC_API_KEY contains a carriage return/);
    expect(error.message).not.toContain('SECRET');
    delete process.env.GEMINI_API_KEY;
    process.env.GOOGLE_API_KEY = 'AIzaSECRET0123456789\n'; // Gemini's second variable
    const fallback = configErrorOf(() => new GeminiLLM({ model: 'gemini-2.5-flash' }));
    expect(fallback.field).toBe('GOOGLE_API_KEY');
    expect(fallback.message).not.toContain('SECRET');
  });

  it('Bedrock credentials and header values with a newline are refused without quoting them', () => {
    const credentials = {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
      sessionToken: 'SESSIONSECRET0123\n',
    };
    const bedrock = configErrorOf(
      () => new BedrockLLM({ model: 'm' }, { region: 'us-east-1', credentials }),
    );
    expect(bedrock.field).toBe('credentials.sessionToken');
    expect(bedrock.message).not.toContain('SESSIONSECRET');
    const header = configErrorOf(
      () =>
        new LLMConfig({ model: 'm', headers: { 'cf-aig-authorization': 'Bearer CFSECRET99\n' } }),
    );
    expect(header.field).toBe('headers.cf-aig-authorization');
    expect(header.message).toContain('line feed');
    expect(header.message).not.toContain('CFSECRET99');
    expect(
      configErrorOf(() => new LLMConfig({ model: 'm', headers: { 'x bad': 'v' } })).field,
    ).toBe('headers.x bad');
  });

  it('a class refuses a config that names another provider', () => {
    expect(() => new OpenAILLM({ model: 'gpt-4o', provider: 'groq', apiKey: 'k' })).toThrow(
      /speaks the 'openai' protocol/,
    );
  });
});

describe('base-URL env vars (read as the official SDKs read them)', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const name of Object.keys(process.env)) {
      if (/_BASE_URL$|^AWS_ENDPOINT_URL|^AZURE_OPENAI_ENDPOINT$/.test(name))
        delete process.env[name];
    }
  });
  afterEach(() => {
    process.env = { ...saved };
  });
  const key = { apiKey: 'k' };

  // groq-sdk and the Cerebras SDK read a host and add the version path themselves.
  it.each([
    [
      'OPENAI_BASE_URL',
      'http://127.0.0.1:8000/v1/',
      () => new OpenAILLM({ ...key, model: 'm' }),
      'http://127.0.0.1:8000/v1/chat/completions',
    ],
    [
      'ANTHROPIC_BASE_URL',
      'https://gw.example',
      () => new AnthropicLLM({ ...key, model: 'm' }),
      'https://gw.example/v1/messages',
    ],
    [
      'TOGETHER_BASE_URL',
      'https://gw.example/v1',
      () => new TogetherLLM({ ...key, model: 'm' }),
      'https://gw.example/v1/chat/completions',
    ],
    [
      'GROQ_BASE_URL',
      'https://gw.example/groq',
      () => new GroqLLM({ ...key, model: 'm' }),
      'https://gw.example/groq/openai/v1/chat/completions',
    ],
    [
      'CEREBRAS_BASE_URL',
      'https://gw.example',
      () => new CerebrasLLM({ ...key, model: 'm' }),
      'https://gw.example/v1/chat/completions',
    ],
    [
      'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
      'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com',
      () => new BedrockLLM({ ...key, model: 'm' }, { region: 'us-east-1' }),
      'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/model/m/converse-stream',
    ],
  ])('%s=%s is the base URL when baseUrl is not given', (name, value, create, endpoint) => {
    process.env[name] = value;
    expect(create().endpoint).toBe(endpoint);
  });

  it('an explicit baseUrl wins, an empty variable is unset, other providers ignore it', () => {
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:8000/v1';
    expect(
      new OpenAILLM({ ...key, model: 'm', baseUrl: 'https://given.example/v1' }).endpoint,
    ).toBe('https://given.example/v1/chat/completions');
    expect(new GroqLLM({ ...key, model: 'm' }).endpoint).toBe(
      'https://api.groq.com/openai/v1/chat/completions',
    );
    expect(
      new AzureOpenAILLM({ ...key, model: 'm' }, { endpoint: 'https://r.openai.azure.com' })
        .endpoint,
    ).toMatch(/^https:\/\/r\.openai\.azure\.com\//);
    process.env.OPENAI_BASE_URL = '  ';
    expect(new OpenAILLM({ ...key, model: 'm' }).endpoint).toBe(
      'https://api.openai.com/v1/chat/completions',
    );
  });

  it('a bad value is a ConfigError naming the variable', () => {
    process.env.ANTHROPIC_BASE_URL = 'localhost:8080';
    expect(() => new AnthropicLLM({ ...key, model: 'm' })).toThrow(
      /ANTHROPIC_BASE_URL must be an http:\/\/ or https:\/\/ URL/,
    );
  });
});

describe('createLLM', () => {
  it('builds the class for the detected or given provider', () => {
    expect(createLLM({ model: 'gpt-4o-mini', apiKey: 'k' })).toBeInstanceOf(OpenAILLM);
    expect(createLLM({ model: 'llama3-70b-8192', apiKey: 'k' })).toBeInstanceOf(GroqLLM);
    expect(createLLM({ model: 'gpt-4o-mini', provider: 'groq', apiKey: 'k' })).toBeInstanceOf(
      GroqLLM,
    );
  });
});

describe('createLLM for every provider', () => {
  const classes: Record<ProviderName, abstract new (...args: never[]) => unknown> = {
    openai: OpenAILLM,
    anthropic: AnthropicLLM,
    ollama: OllamaLLM,
    cohere: CohereLLM,
    mistral: MistralLLM,
    gemini: GeminiLLM,
    bedrock: BedrockLLM,
    azure: AzureOpenAILLM,
    groq: GroqLLM,
    deepseek: DeepSeekLLM,
    openrouter: OpenRouterLLM,
    together: TogetherLLM,
    fireworks: FireworksLLM,
    perplexity: PerplexityLLM,
    cerebras: CerebrasLLM,
  };

  it.each(Object.entries(classes))(
    'provider %s builds its class with its typed options',
    (provider, cls) => {
      const config = { model: 'some-model', provider: provider as ProviderName, apiKey: 'k' };
      const options =
        provider === 'azure'
          ? { endpoint: 'https://example.openai.azure.com' }
          : provider === 'bedrock'
            ? { region: 'us-east-1' } // apiKey 'k' is a Bedrock API key
            : undefined;
      expect(createLLM(config, options)).toBeInstanceOf(cls);
    },
  );
});

import { randomUUID } from 'node:crypto';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  AzureOpenAILLM,
  BedrockLLM,
  ConnectionError,
  LLMConfig,
  OpenAILLM,
  type BaseLLM,
  type LLMConfigOptions,
} from '../src/index.js';
import { openAIError, openAIStream } from './servers/openai-chat.js';
import { configErrorOf, rejectionOf } from './servers/capture.js';
import { EVERY_PROVIDER } from './servers/every-provider.js';
import { useReplayServer } from './servers/use-replay-server.js';

const API_KEY = 'sk-SECRET-API-KEY-0001';
const BASE_URL_PASSWORD = 'BASEURL-PASSWORD-0002';
const REDIS_PASSWORD = 'REDIS-PASSWORD-0003';
const HEADER_SECRET = 'CF-AIG-TOKEN-0004';
const SECRETS = [API_KEY, BASE_URL_PASSWORD, REDIS_PASSWORD, HEADER_SECRET];

/** What `console.log(value)` prints, through a real Console writing to a string. */
function consoleLogged(value: unknown): string {
  let printed = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed += chunk.toString();
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink }).log(value);
  return printed;
}

/** Every printed or serialised form the issue names. */
function printedForms(llm: BaseLLM): Record<string, string> {
  return {
    'JSON.stringify(llm.config)': JSON.stringify(llm.config),
    'JSON.stringify(llm)': JSON.stringify(llm),
    'console.log(llm)': consoleLogged(llm),
    'util.inspect(llm, { showHidden, getters })': inspect(llm, {
      showHidden: true,
      getters: true,
      depth: Infinity,
    }),
  };
}

const WITH_SECRETS = {
  model: 'some-model',
  apiKey: API_KEY,
  baseUrl: `https://gateway-user:${BASE_URL_PASSWORD}@gateway.example/v1`,
  redisUrl: `redis://default:${REDIS_PASSWORD}@redis.example:6379/2`,
  headers: { 'cf-aig-authorization': `Bearer ${HEADER_SECRET}` },
} satisfies LLMConfigOptions;

describe('secrets in printed and serialised forms', () => {
  it.each(Object.entries(EVERY_PROVIDER))(
    '%s: no key, baseUrl password, redisUrl password or header value is shown',
    (_provider, create) => {
      const llm = create(WITH_SECRETS);
      for (const [form, text] of Object.entries(printedForms(llm))) {
        for (const secret of SECRETS) {
          expect(text, `${form} shows ${secret}`).not.toContain(secret);
        }
      }
      // Still useful to read: the host, the Redis host and the header name are there.
      expect(consoleLogged(llm)).toContain('gateway.example');
      expect(consoleLogged(llm)).toContain('redis.example:6379/2');
      expect(consoleLogged(llm)).toContain("'cf-aig-authorization': '[redacted]'");
    },
  );

  it('Bedrock: no secret access key or session token is shown', () => {
    const secretAccessKey = 'AWS-SECRET-ACCESS-KEY-0005';
    const sessionToken = 'AWS-SESSION-TOKEN-0006';
    const { apiKey: _bearer, ...withoutKey } = WITH_SECRETS;
    const llm = new BedrockLLM(withoutKey, {
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey, sessionToken },
    });
    for (const text of Object.values(printedForms(llm))) {
      for (const secret of [secretAccessKey, sessionToken, BASE_URL_PASSWORD, REDIS_PASSWORD]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});

describe("baseUrl's user:password@", () => {
  const server = useReplayServer();

  it('is sent as Authorization: Basic, never in the URL', async () => {
    server().enqueue(openAIStream(['ok']));
    const baseUrl = `${server().url.replace('//', `//proxy-user:${BASE_URL_PASSWORD}@`)}/v1`;
    const llm = new OpenAILLM({ model: 'm', apiKey: '', baseUrl });
    expect(llm.config.baseUrl).toBe(`${server().url}/v1`);
    expect(llm.endpoint).not.toContain(BASE_URL_PASSWORD);
    expect(await llm.generate('hi')).toBe('ok');
    const expected = Buffer.from(`proxy-user:${BASE_URL_PASSWORD}`).toString('base64');
    expect(server().lastRequest.headers.authorization).toBe(`Basic ${expected}`);
    expect(server().lastRequest.url).toBe('/v1/chat/completions');
  });

  it("Azure's endpoint option is a baseUrl too: checked, and its password split off", async () => {
    server().enqueue(openAIStream(['ok']));
    const endpoint = server().url.replace('//', `//u:${BASE_URL_PASSWORD}@`);
    const llm = new AzureOpenAILLM({ model: 'gpt-4o', apiKey: 'k' }, { endpoint });
    expect(llm.endpoint.startsWith(`${server().url}/openai/deployments/gpt-4o/`)).toBe(true);
    for (const text of Object.values(printedForms(llm))) {
      expect(text).not.toContain(BASE_URL_PASSWORD);
    }
    await llm.generate('hi');
    expect(server().lastRequest.headers.authorization).toMatch(/^Basic /);
    const bad = configErrorOf(
      () => new AzureOpenAILLM({ model: 'm', apiKey: 'k' }, { endpoint: 'r.openai.azure.com' }),
    );
    expect(bad.field).toBe('endpoint');
  });

  it('an authorization in headers wins over it, as every config header wins', async () => {
    server().enqueue(openAIStream(['ok']));
    const baseUrl = server().url.replace('//', `//u:${BASE_URL_PASSWORD}@`);
    await new OpenAILLM({
      model: 'm',
      apiKey: '',
      baseUrl,
      headers: { Authorization: 'Bearer from-headers' },
    }).generate('hi');
    expect(server().lastRequest.headers.authorization).toBe('Bearer from-headers');
  });

  it('never appears in a provider error', async () => {
    server().enqueue(openAIError(401, 'Incorrect API key provided'));
    const baseUrl = server().url.replace('//', `//u:${BASE_URL_PASSWORD}@`);
    const error = await rejectionOf(
      new OpenAILLM({ model: 'm', apiKey: API_KEY, baseUrl }).generate('hi'),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecretIn(error, [BASE_URL_PASSWORD, API_KEY]);
  });

  it('header values and the Basic credentials echoed by a gateway are scrubbed from errors', async () => {
    const basic = Buffer.from(`u:${BASE_URL_PASSWORD}`).toString('base64');
    server().enqueue(
      openAIError(
        403,
        `Rejected cf-aig-authorization 'Bearer ${HEADER_SECRET}' and authorization 'Basic ${basic}'`,
      ),
    );
    const error = await rejectionOf(
      new OpenAILLM({
        model: 'm',
        apiKey: '',
        baseUrl: server().url.replace('//', `//u:${BASE_URL_PASSWORD}@`),
        headers: { 'cf-aig-authorization': `Bearer ${HEADER_SECRET}` },
      }).generate('hi'),
    );
    expect((error as Error).message).toContain('Rejected cf-aig-authorization');
    expectNoSecretIn(error, [HEADER_SECRET, basic]);
  });

  it('never appears in a connection error', async () => {
    const baseUrl = `http://u:${BASE_URL_PASSWORD}@127.0.0.1:1/v1`;
    const error = await rejectionOf(
      new OpenAILLM({ model: 'm', apiKey: '', baseUrl }).generate('hi'),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoSecretIn(error, [BASE_URL_PASSWORD]);
  });
});

/** The error's message, JSON, stack and cause chain are all free of the secrets. */
function expectNoSecretIn(error: unknown, secrets: string[]): void {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) {
    parts.push(current.message, String(current.stack), JSON.stringify(current), inspect(current));
  }
  for (const secret of secrets) expect(parts.join('\n')).not.toContain(secret);
}

describe('configuration errors about a URL', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const messageOf = (create: () => unknown): string => configErrorOf(create).message;

  it('show the URL without its password', () => {
    const ftp = messageOf(
      () => new LLMConfig({ model: 'm', baseUrl: `ftp://u:${BASE_URL_PASSWORD}@h/` }),
    );
    expect(ftp).toContain('"ftp://[redacted]@h/"');
    const noScheme = messageOf(
      () => new LLMConfig({ model: 'm', baseUrl: `u:${BASE_URL_PASSWORD}@localhost:8080` }),
    );
    expect(noScheme).toContain('"[redacted]@localhost:8080"');
    const redis = messageOf(
      () => new LLMConfig({ model: 'm', redisUrl: `http://:${REDIS_PASSWORD}@h:6379` }),
    );
    expect(redis).toContain('"http://[redacted]@h:6379"');
    process.env.OPENAI_BASE_URL = `ftp://u:${BASE_URL_PASSWORD}@h`;
    const fromEnv = messageOf(() => new OpenAILLM({ model: 'm', apiKey: 'k' }));
    expect(fromEnv).toMatch(/^OPENAI_BASE_URL must be/);
    process.env.OLLAMA_HOST = `http://u:${BASE_URL_PASSWORD}@gpu-box:11434`;
    const ollamaHost = messageOf(() => EVERY_PROVIDER.ollama({ model: 'llama3.2' }));
    expect(ollamaHost).toContain('OLLAMA_HOST="http://[redacted]@gpu-box:11434"');
    expect(ollamaHost).toContain('put it in baseUrl');
    for (const message of [ftp, noScheme, redis, fromEnv, ollamaHost]) {
      expect(message).not.toContain(BASE_URL_PASSWORD);
      expect(message).not.toContain(REDIS_PASSWORD);
    }
  });
});

describe('rate-limiter warnings', () => {
  const server = useReplayServer();
  const open: BaseLLM[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(open.splice(0).map((llm) => llm.close()));
  });

  const llm = (options: Partial<LLMConfigOptions>): OpenAILLM => {
    const instance = new OpenAILLM({
      model: `gpt-secret-${randomUUID()}`,
      apiKey: API_KEY,
      baseUrl: `${server().url.replace('//', `//u:${BASE_URL_PASSWORD}@`)}/v1`,
      ...options,
    });
    open.push(instance);
    return instance;
  };

  it('disagreeing rates: the warning names the endpoint without its password', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    server().always(() => openAIStream(['ok']));
    const model = `gpt-secret-${randomUUID()}`;
    await llm({ model, requestsPerMinute: 6_000 }).generate('hi');
    await llm({ model, requestsPerMinute: 120 }).generate('hi');
    expect(warn).toHaveBeenCalledTimes(1);
    const warning = String(warn.mock.calls[0]?.[0]);
    expect(warning).toContain(`${server().url}/v1/chat/completions`);
    for (const secret of SECRETS) expect(warning).not.toContain(secret);
  });

  it('Redis unreachable: the warning names neither password', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    server().always(() => openAIStream(['ok']));
    await llm({
      requestsPerMinute: 600,
      rateLimitBackend: 'redis',
      redisUrl: `redis://default:${REDIS_PASSWORD}@127.0.0.1:1`,
    }).generate('hi');
    expect(warn).toHaveBeenCalledTimes(1);
    const warning = String(warn.mock.calls[0]?.[0]);
    expect(warning).toMatch(/Redis rate limiter/);
    for (const secret of SECRETS) expect(warning).not.toContain(secret);
  });
});

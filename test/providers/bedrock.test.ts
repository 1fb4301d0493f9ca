import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  BedrockLLM,
  ConfigError,
  ConnectionError,
  ProviderError,
  RateLimitError,
  createLLM,
  type BedrockOptions,
  type FinishInfo,
  type LLMConfigOptions,
  type Message,
} from '../../src/index.js';
import { runConformance, type ConformanceTarget, type ExpectedRequest } from '../conformance.js';
import {
  EVENT_STREAM_HEADERS,
  bedrockErrorFrame,
  bedrockEvent,
  bedrockException,
  bedrockHttpError,
  bedrockStreamFrames,
  bedrockTextFrames,
  eventStreamFrame,
  recordedLineFrame,
  type BedrockUsageReport,
} from '../servers/bedrock.js';
import { configErrorOf } from '../servers/capture.js';
import { recordedLines, recordedStreams } from '../servers/recordings.js';
import { type RecordedRequest, type ScriptedResponse } from '../servers/replay-server.js';
import { verifyReceivedSignature } from '../servers/sigv4.js';
import { clearAwsEnv } from '../servers/aws-env.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const MODEL_PATH = '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream';
const ACCESS_KEY_ID = 'AKIDCONFORMANCE00001';
const REGION = 'us-west-2';

function success(
  pieces: string[],
  usage: BedrockUsageReport,
  stopReason?: string,
): ScriptedResponse {
  return { headers: EVENT_STREAM_HEADERS, body: bedrockStreamFrames(pieces, usage, stopReason) };
}

/** The Converse body the request must carry for a conversation (system text apart). */
function expectConverseBody(request: RecordedRequest, expected: ExpectedRequest): void {
  const system = expected.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const conversation = expected.messages.filter((m) => m.role !== 'system');
  const body = request.json as Record<string, unknown>;
  expect(body.messages).toEqual(
    conversation.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
  );
  if (system.length > 0) expect(body.system).toEqual([{ text: system.join('\n\n') }]);
  else expect(body.system).toBeUndefined();
  expect(body.inferenceConfig).toEqual({
    maxTokens: expected.maxTokens,
    temperature: expected.temperature,
  });
  expect(body.model).toBeUndefined();
}

function expectValidSignature(request: RecordedRequest, secretAccessKey: string, region = REGION) {
  const { parsed, expected, received } = verifyReceivedSignature(request, secretAccessKey);
  expect(received).toBe(expected);
  expect(parsed.service).toBe('bedrock');
  expect(parsed.region).toBe(region);
  expect(parsed.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date']));
  expect(String(request.headers['x-amz-date']).slice(0, 8)).toBe(parsed.date);
  return parsed;
}

const common = {
  success: (pieces: string[], usage: { input: number; output: number }) =>
    success(pieces, { inputTokens: usage.input, outputTokens: usage.output }),
  cut: (pieces: string[]): ScriptedResponse => ({
    headers: EVENT_STREAM_HEADERS,
    body: bedrockTextFrames(pieces),
    cut: true,
  }),
  inStreamError: (pieces: string[], message: string): ScriptedResponse => ({
    headers: EVENT_STREAM_HEADERS,
    body: [...bedrockTextFrames(pieces), bedrockException('modelStreamErrorException', message)],
  }),
  httpError: (status: number, message: string) => bedrockHttpError(status, message),
};

const sigV4Target: ConformanceTarget = {
  name: 'BedrockLLM (SigV4)',
  model: MODEL,
  // The suite's API key plays the secret access key, so its "never shows the key" checks
  // cover the AWS secret.
  create: (server, { apiKey, ...options }) =>
    new BedrockLLM(
      { model: MODEL, baseUrl: server.url, ...options },
      {
        region: REGION,
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: apiKey ?? 'unused-secret' },
      },
    ),
  ...common,
  expectRequest: (request, expected) => {
    expect(request.method).toBe('POST');
    expect(request.url).toBe(MODEL_PATH);
    expect(request.headers['content-type']).toBe('application/json');
    const parsed = expectValidSignature(request, expected.apiKey);
    expect(parsed.accessKeyId).toBe(ACCESS_KEY_ID);
    expectConverseBody(request, expected);
  },
};

const bearerTarget: ConformanceTarget = {
  name: 'BedrockLLM (API key)',
  model: MODEL,
  // No region: with baseUrl and a bearer key nothing needs one.
  create: (server, options) => new BedrockLLM({ model: MODEL, baseUrl: server.url, ...options }),
  ...common,
  expectRequest: (request, expected) => {
    expect(request.method).toBe('POST');
    expect(request.url).toBe(MODEL_PATH);
    expect(request.headers.authorization).toBe(`Bearer ${expected.apiKey}`);
    expect(request.headers['x-amz-date']).toBeUndefined();
    expectConverseBody(request, expected);
  },
};

describe('Bedrock', () => {
  beforeEach(clearAwsEnv);
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  runConformance(sigV4Target);
  runConformance(bearerTarget);

  describe('against the replay server', () => {
    const server = useReplayServer();

    describe('recorded real-API streams', () => {
      const entries = recordedStreams('amazon-bedrock');
      it('the manifest lists the Bedrock text and reasoning stream recordings', () => {
        expect(entries.map((entry) => entry.file)).toEqual(
          expect.arrayContaining([
            'amazon-bedrock/amazon-bedrock-reasoning.chunks.txt',
            'amazon-bedrock/amazon-bedrock-text.chunks.txt',
          ]),
        );
      });

      for (const entry of entries) {
        it(`${entry.file}: exact text, usage and stop reason, split at random byte offsets`, async () => {
          const body = recordedLines(entry).map((line, index) => recordedLineFrame(line, index));
          for (const seed of [21, 22, 23]) {
            server().enqueue({ headers: EVENT_STREAM_HEADERS, body, splitSeed: seed });
            const llm = new BedrockLLM(
              { model: MODEL, baseUrl: server().url },
              { region: REGION, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 's' } },
            );
            const finishes: FinishInfo[] = [];
            const text = await llm.generate('hi', { onFinish: (info) => finishes.push(info) });
            expect(text).toBe(entry.expected_text);
            expect(llm.tokensUsed).toEqual({
              input: entry.usage.input,
              output: entry.usage.output,
            });
            expect(finishes.map((f) => f.providerFinishReason)).toEqual([entry.finish_reason]);
            expect(finishes[0]?.usage).toEqual({
              input: entry.usage.input,
              output: entry.usage.output,
              reported: true,
            });
          }
        });
      }
    });

    describe('specifics', () => {
      const credentials = {
        accessKeyId: ACCESS_KEY_ID,
        secretAccessKey: 'secret-for-specifics-0001',
      };
      const make = (
        config: Partial<LLMConfigOptions> = {},
        options: BedrockOptions = { region: REGION, credentials },
      ): BedrockLLM => new BedrockLLM({ model: MODEL, baseUrl: server().url, ...config }, options);
      const ok = (): ScriptedResponse => success(['ok'], { inputTokens: 1, outputTokens: 1 });

      describe('endpoint, region and model id', () => {
        it('defaults to the regional bedrock-runtime host', () => {
          const llm = new BedrockLLM({ model: MODEL }, { region: 'eu-central-1', credentials });
          expect(llm.endpoint).toBe(
            `https://bedrock-runtime.eu-central-1.amazonaws.com${MODEL_PATH}`,
          );
          expect(llm.region).toBe('eu-central-1');
        });

        it('baseUrl replaces the host but never the region', () => {
          const llm = new BedrockLLM(
            { model: MODEL, baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com/' },
            { region: 'ap-southeast-2', credentials },
          );
          expect(llm.endpoint).toBe(`https://bedrock-runtime.us-east-1.amazonaws.com${MODEL_PATH}`);
          expect(llm.region).toBe('ap-southeast-2');
        });

        it('signs for the configured region even when baseUrl is a plain local proxy', async () => {
          server().enqueue(ok());
          await make({}, { region: 'eu-central-1', credentials }).generate('hi');
          expectValidSignature(server().lastRequest, credentials.secretAccessKey, 'eu-central-1');
        });

        it('encodes an inference-profile ARN as one path segment, and the signature still verifies', async () => {
          const arn =
            'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';
          server().enqueue(ok());
          await make({ model: arn }).generate('hi');
          expect(server().lastRequest.url).toBe(
            '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream',
          );
          expectValidSignature(server().lastRequest, credentials.secretAccessKey);
        });

        it('createLLM builds a BedrockLLM with its typed options', () => {
          const llm = createLLM(
            { model: MODEL, provider: 'bedrock' },
            { region: 'us-east-1', credentials },
          );
          expect(llm).toBeInstanceOf(BedrockLLM);
          expect((llm as BedrockLLM).region).toBe('us-east-1');
        });
      });

      describe('region and credentials from the environment', () => {
        it('reads AWS_REGION and the AWS_* key pair with its session token, and signs the token', async () => {
          vi.stubEnv('AWS_REGION', 'us-east-2');
          vi.stubEnv('AWS_DEFAULT_REGION', 'eu-west-1');
          vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENVIRONMENT1');
          vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-environment-0001');
          vi.stubEnv('AWS_SESSION_TOKEN', 'session-token-from-environment-0001');
          server().enqueue(ok());
          const llm = new BedrockLLM({ model: MODEL, baseUrl: server().url });
          expect(llm.region).toBe('us-east-2');
          await llm.generate('hi');
          const request = server().lastRequest;
          expect(request.headers['x-amz-security-token']).toBe(
            'session-token-from-environment-0001',
          );
          const parsed = expectValidSignature(request, 'secret-from-environment-0001', 'us-east-2');
          expect(parsed.accessKeyId).toBe('AKIDFROMENVIRONMENT1');
          expect(parsed.signedHeaders).toContain('x-amz-security-token');
        });

        it('falls back to AWS_DEFAULT_REGION', () => {
          vi.stubEnv('AWS_DEFAULT_REGION', 'eu-west-1');
          const llm = new BedrockLLM({ model: MODEL }, { credentials });
          expect(llm.region).toBe('eu-west-1');
          expect(llm.endpoint).toContain('https://bedrock-runtime.eu-west-1.amazonaws.com/');
        });

        it('options win over the environment', () => {
          vi.stubEnv('AWS_REGION', 'us-east-2');
          const llm = new BedrockLLM({ model: MODEL }, { region: 'sa-east-1', credentials });
          expect(llm.region).toBe('sa-east-1');
        });

        it('a missing region is a ConfigError naming AWS_REGION, even with a baseUrl when signing', () => {
          const error = (() => {
            try {
              return new BedrockLLM({ model: MODEL, baseUrl: server().url }, { credentials });
            } catch (e) {
              return e;
            }
          })();
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message).toMatch(/AWS_REGION/);
          expect((error as Error).message).toMatch(/AWS_DEFAULT_REGION/);
        });

        it('missing credentials are a ConfigError naming the AWS env vars and the API key', () => {
          const error = (() => {
            try {
              return new BedrockLLM({ model: MODEL }, { region: REGION });
            } catch (e) {
              return e;
            }
          })();
          expect(error).toBeInstanceOf(ConfigError);
          for (const name of [
            'AWS_ACCESS_KEY_ID',
            'AWS_SECRET_ACCESS_KEY',
            'AWS_SESSION_TOKEN',
            'AWS_BEARER_TOKEN_BEDROCK',
          ]) {
            expect((error as Error).message).toContain(name);
          }
        });

        it('refuses apiKey together with credentials or credentialProvider: one identity or the other', () => {
          const provider = async () => credentials;
          for (const options of [
            { region: REGION, credentials },
            { region: REGION, credentialProvider: provider },
          ]) {
            for (const apiKey of ['bedrock-api-key-0004', '']) {
              const error = configErrorOf(() => new BedrockLLM({ model: MODEL, apiKey }, options));
              expect(error.field).toBe('apiKey');
              expect(error.message).toMatch(/both apiKey .* and credential/);
              expect(error.message).not.toContain('bedrock-api-key-0004');
              expect(error.message).not.toContain(credentials.secretAccessKey);
            }
          }
        });

        it('rejects both credentials and credentialProvider, incomplete credentials and a bad region', () => {
          const provider = async () => credentials;
          expect(
            () =>
              new BedrockLLM(
                { model: MODEL },
                { region: REGION, credentials, credentialProvider: provider },
              ),
          ).toThrow(ConfigError);
          expect(
            () =>
              new BedrockLLM(
                { model: MODEL },
                { region: REGION, credentials: { accessKeyId: 'AKID', secretAccessKey: '' } },
              ),
          ).toThrow(/secretAccessKey/);
          expect(
            () => new BedrockLLM({ model: MODEL }, { region: 'evil.example.com/x', credentials }),
          ).toThrow(/region/);
        });
      });

      describe('credentialProvider', () => {
        it('is called before every request and its rotated credentials sign each one', async () => {
          const issued = [
            {
              accessKeyId: 'AKIDROTATION00000001',
              secretAccessKey: 'rotating-secret-0001',
              sessionToken: 'token-0001-abcdef',
            },
            {
              accessKeyId: 'AKIDROTATION00000002',
              secretAccessKey: 'rotating-secret-0002',
              sessionToken: 'token-0002-abcdef',
            },
          ];
          let calls = 0;
          const credentialProvider = async () => issued[Math.min(calls++, 1)]!;
          server().enqueue(ok(), ok());
          const llm = make({}, { region: REGION, credentialProvider });
          expect(calls).toBe(0);
          await llm.generate('first');
          await llm.generate('second');
          expect(calls).toBe(2);
          const [first, second] = server().requests;
          expect(expectValidSignature(first!, 'rotating-secret-0001').accessKeyId).toBe(
            'AKIDROTATION00000001',
          );
          expect(first!.headers['x-amz-security-token']).toBe('token-0001-abcdef');
          expect(expectValidSignature(second!, 'rotating-secret-0002').accessKeyId).toBe(
            'AKIDROTATION00000002',
          );
          expect(second!.headers['x-amz-security-token']).toBe('token-0002-abcdef');
        });

        it('its secret and session token never appear in an error', async () => {
          const rotated = {
            accessKeyId: 'AKIDROTATION00000003',
            secretAccessKey: 'provided-secret-never-shown-0003',
            sessionToken: 'provided-session-token-never-shown-0003',
          };
          server().enqueue(
            bedrockHttpError(
              403,
              `Bad token ${rotated.sessionToken} for secret ${rotated.secretAccessKey}`,
              'UnrecognizedClientException',
            ),
          );
          const error = await make({}, { region: REGION, credentialProvider: async () => rotated })
            .generate('hi')
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(AuthenticationError);
          const shown = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
          expect(shown).toContain('Bad token');
          expect(shown).not.toContain(rotated.sessionToken);
          expect(shown).not.toContain(rotated.secretAccessKey);
        });

        it('a failing provider is an AuthenticationError and no request is sent', async () => {
          const error = await make(
            {},
            {
              region: REGION,
              credentialProvider: async () => {
                throw new Error('The SSO session has expired');
              },
            },
          )
            .generate('hi')
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(AuthenticationError);
          expect((error as Error).message).toContain('The SSO session has expired');
          expect(server().requests).toHaveLength(0);
        });
      });

      describe('Bedrock API key (bearer)', () => {
        it('AWS_BEARER_TOKEN_BEDROCK sends Authorization: Bearer and no signature', async () => {
          vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-from-env-0001');
          vi.stubEnv('AWS_REGION', 'us-east-1');
          server().enqueue(ok());
          await new BedrockLLM({ model: MODEL, baseUrl: server().url }).generate('hi');
          expect(server().lastRequest.headers.authorization).toBe(
            'Bearer bedrock-api-key-from-env-0001',
          );
          expect(server().lastRequest.headers['x-amz-date']).toBeUndefined();
          expect(server().lastRequest.headers['x-amz-security-token']).toBeUndefined();
        });

        it('the env bearer token never appears in an error', async () => {
          vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-from-env-0002');
          server().enqueue(bedrockHttpError(403, 'Invalid API key bedrock-api-key-from-env-0002'));
          const error = await new BedrockLLM({ model: MODEL, baseUrl: server().url })
            .generate('hi')
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(AuthenticationError);
          expect((error as Error).message).toContain('Invalid API key');
          expect((error as Error).message).not.toContain('bedrock-api-key-from-env-0002');
        });

        it('explicit credentials win over AWS_BEARER_TOKEN_BEDROCK', async () => {
          vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-from-env-0003');
          server().enqueue(ok());
          await make().generate('hi');
          expectValidSignature(server().lastRequest, credentials.secretAccessKey);
        });

        it("apiKey: '' sends neither a bearer key nor a signature", async () => {
          server().enqueue(ok());
          await new BedrockLLM({ model: MODEL, baseUrl: server().url, apiKey: '' }).generate('hi');
          expect(server().lastRequest.headers.authorization).toBeUndefined();
          expect(server().lastRequest.headers['x-amz-date']).toBeUndefined();
        });
      });

      describe('request body', () => {
        it('sends the default temperature, and topP, stop and extraBody when given', async () => {
          server().enqueue(ok());
          await make().generate('hi');
          expect(server().lastRequest.json).toMatchObject({
            inferenceConfig: { maxTokens: 1024, temperature: 0.2 },
          });
          server().enqueue(ok());
          await make().generate('hi', {
            topP: 0.9,
            stop: ['END'],
            extraBody: { additionalModelRequestFields: { top_k: 40 } },
          });
          const body = server().lastRequest.json as Record<string, unknown>;
          // Claude refuses a temperature beside top_p: the default one stays out.
          expect(body.inferenceConfig).toEqual({
            maxTokens: 1024,
            topP: 0.9,
            stopSequences: ['END'],
          });
          expect(body.additionalModelRequestFields).toEqual({ top_k: 40 });
          expect(body.system).toEqual([{ text: 'You are a helpful assistant.' }]);
        });

        it('sends the exact bytes it signed (multi-byte text included)', async () => {
          server().enqueue(ok());
          const messages: Message[] = [{ role: 'user', content: 'Grüße, 日本語 and 🎉' }];
          await make().generateWithMessages(messages);
          expect((server().lastRequest.json as { messages: unknown }).messages).toEqual([
            { role: 'user', content: [{ text: 'Grüße, 日本語 and 🎉' }] },
          ]);
          expectValidSignature(server().lastRequest, credentials.secretAccessKey);
        });
      });

      describe('usage', () => {
        it('input counts cached prompt tokens too, with cacheRead and cacheWrite as the breakdown', async () => {
          server().enqueue(
            success(['cached'], {
              inputTokens: 12,
              outputTokens: 5,
              cacheReadInputTokens: 2048,
              cacheWriteInputTokens: 300,
            }),
          );
          const finished: FinishInfo[] = [];
          const llm = make();
          await llm.generate('hi', { onFinish: (info) => finished.push(info) });
          expect(finished[0]?.usage).toEqual({
            input: 12 + 2048 + 300,
            output: 5,
            cacheRead: 2048,
            cacheWrite: 300,
            reported: true,
          });
          expect(llm.tokensUsed).toEqual({ input: 2360, output: 5 });
        });

        it('the finish reason is the stopReason of messageStop', async () => {
          server().enqueue(success(['trunc'], { inputTokens: 3, outputTokens: 64 }, 'max_tokens'));
          const finished: FinishInfo[] = [];
          await make().generate('hi', { onFinish: (info) => finished.push(info) });
          expect(finished[0]?.providerFinishReason).toBe('max_tokens');
          expect(finished[0]?.finishReason).toBe('length');
        });
      });

      /** One call with `maxRetries: 2` against `responses`; returns the error it failed with. */
      const failureOf = async (...responses: ScriptedResponse[]): Promise<Error> => {
        server().enqueue(...responses);
        return make({ maxRetries: 2, retryDelay: 0.01 })
          .generate('hi')
          .then(
            () => new Error('the call succeeded'),
            (e: unknown) => e as Error,
          );
      };
      const inStream = (...frames: Uint8Array[]): ScriptedResponse => ({
        headers: EVENT_STREAM_HEADERS,
        body: [bedrockEvent('messageStart', { role: 'assistant' }), ...frames],
      });

      describe('errors that are not retried', () => {
        const cases: Array<{
          name: string;
          response: ScriptedResponse;
          type: typeof ProviderError;
          fields: Record<string, unknown>;
          message: string;
        }> = [
          {
            name: 'HTTP 403 AccessDeniedException is an AuthenticationError',
            response: bedrockHttpError(403, "You don't have access to the model with this ID."),
            type: AuthenticationError,
            fields: { status: 403, code: 'AccessDeniedException', requestId: 'bedrock-req-error' },
            message: "You don't have access to the model",
          },
          {
            name: 'HTTP 400 ValidationException is a ProviderError',
            response: bedrockHttpError(400, 'temperature: range: 0..1'),
            type: ProviderError,
            fields: { status: 400, code: 'ValidationException' },
            message: 'temperature: range: 0..1',
          },
          {
            // In a frame no status is sent: the type classifies it as AWS's 400 would.
            name: 'a validationException frame is final, like a 400, and claims no status',
            response: inStream(bedrockException('validationException', 'Input is too long.')),
            type: ProviderError,
            fields: { status: undefined, code: 'validationException' },
            message: 'Input is too long.',
          },
          {
            name: 'a modelStreamErrorException frame is final, like a 424, and claims no status',
            response: inStream(bedrockException('modelStreamErrorException', 'Model failed.')),
            type: ProviderError,
            fields: { status: undefined, code: 'modelStreamErrorException' },
            message: 'Model failed.',
          },
        ];
        for (const { name, response, type, fields, message } of cases) {
          it(name, async () => {
            const error = await failureOf(response);
            expect(error).toBeInstanceOf(type);
            expect(error).not.toBeInstanceOf(RateLimitError);
            expect(error).toMatchObject({ ...fields, retryable: false });
            expect(error.message).toContain(message);
            expect(server().requests).toHaveLength(1);
          });
        }
      });

      describe('throttling is a RateLimitError, retried until it passes', () => {
        const throttled: Array<{
          name: string;
          response: ScriptedResponse;
          code: string;
          status: number | undefined;
        }> = [
          {
            name: 'HTTP 429 ThrottlingException',
            response: bedrockHttpError(429, 'Too many requests, please wait.'),
            code: 'ThrottlingException',
            status: 429,
          },
          {
            // No status is sent in a frame; the type makes it a rate limit all the same.
            name: 'a throttlingException frame',
            response: inStream(
              bedrockException('throttlingException', 'Too many requests, please wait.'),
            ),
            code: 'throttlingException',
            status: undefined,
          },
        ];
        for (const { name, response, code, status } of throttled) {
          it(`${name}: typed, with the message, and retried (re-signed) when allowed`, async () => {
            const error = await failureOf(response, response, response);
            expect(error).toBeInstanceOf(RateLimitError);
            expect(error).toMatchObject({ status, code, retryable: true });
            expect(error.message).toContain('Too many requests, please wait.');
            expect(server().requests).toHaveLength(3);

            server().reset();
            server().enqueue(
              response,
              success(['second ', 'try'], { inputTokens: 4, outputTokens: 2 }),
            );
            const received: string[] = [];
            for await (const piece of make({ maxRetries: 1, retryDelay: 0.01 }).stream('hi')) {
              received.push(piece);
            }
            expect(received).toEqual(['second ', 'try']);
            expect(server().requests).toHaveLength(2);
            expectValidSignature(server().requests[1]!, credentials.secretAccessKey);
          });
        }
      });

      describe('in-stream failures', () => {
        it('an unmodeled error frame carries its :error-code and :error-message headers', async () => {
          const response = inStream(
            bedrockErrorFrame('InternalFailure', 'The request processing has failed.'),
          );
          const error = await failureOf(response, response, response);
          expect(error).toBeInstanceOf(ProviderError);
          // No status to judge by: an unknown in-stream failure may pass on a retry.
          expect(error).toMatchObject({ code: 'InternalFailure', retryable: true });
          expect(error.message).toContain('The request processing has failed.');
        });

        it('a frame with a bad message CRC is a clear, retryable error', async () => {
          const frames = bedrockStreamFrames(['never ', 'shown'], {
            inputTokens: 1,
            outputTokens: 2,
          });
          const damaged = Uint8Array.from(frames[1]!);
          damaged[damaged.length - 8] = damaged[damaged.length - 8]! ^ 0xff; // a payload byte
          server().enqueue({
            headers: EVENT_STREAM_HEADERS,
            body: [frames[0]!, damaged, ...frames.slice(2)],
          });
          const error = await make()
            .generate('hi')
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ConnectionError);
          expect((error as ConnectionError).retryable).toBe(true);
          expect((error as Error).message).toMatch(/corrupt event-stream frame.*checksum/);
        });

        it('a frame with a bad prelude CRC is a clear error too', async () => {
          const frame = Uint8Array.from(bedrockEvent('messageStart', { role: 'assistant' }));
          frame[9] = frame[9]! ^ 0x01; // inside the prelude CRC
          server().enqueue({ headers: EVENT_STREAM_HEADERS, body: [frame] });
          await expect(make().generate('hi')).rejects.toThrow(
            /corrupt event-stream frame.*prelude/,
          );
        });

        it('an impossible frame length fails at once instead of waiting for bytes', async () => {
          const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
          server().enqueue({ headers: EVENT_STREAM_HEADERS, body: [garbage], hang: true });
          await expect(make().generate('hi')).rejects.toThrow(/frame length of 4294967295 bytes/);
        });

        it('a payload that is not JSON is a clear error', async () => {
          const frame = eventStreamFrame(
            [
              [':event-type', 'contentBlockDelta'],
              [':message-type', 'event'],
            ],
            '{"delta":{"text":"cut',
          );
          server().enqueue({ headers: EVENT_STREAM_HEADERS, body: [frame] });
          await expect(make().generate('hi')).rejects.toThrow(/not valid JSON/);
        });

        it('EOF inside a frame, or before the metadata event, is an incomplete answer', async () => {
          const frames = bedrockStreamFrames(['all ', 'text'], { inputTokens: 1, outputTokens: 2 });
          const metadata = frames.at(-1)!;
          server().enqueue({
            headers: EVENT_STREAM_HEADERS,
            body: [...frames.slice(0, -1), metadata.subarray(0, metadata.length - 5)],
          });
          const first = await make()
            .generate('hi')
            .catch((e: unknown) => e);
          expect(first).toBeInstanceOf(ConnectionError);
          expect((first as Error).message).toMatch(/ended before the provider's end-of-response/);

          server().enqueue({ headers: EVENT_STREAM_HEADERS, body: frames.slice(0, -1) });
          await expect(make().generate('hi')).rejects.toThrow(/end-of-response/);
        });
      });
    });
  });
});

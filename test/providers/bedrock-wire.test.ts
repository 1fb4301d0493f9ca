import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsV4Signer } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/index.js';
import {
  decodeEventStream,
  loadEventStreamCodec,
} from '../../src/providers/bedrock/event-stream.js';
import {
  BEDROCK_INSTALL_COMMAND,
  importOptionalPackage,
} from '../../src/providers/bedrock/optional-packages.js';
import { converseStreamPath } from '../../src/providers/bedrock/request.js';
import { signBedrockRequest } from '../../src/providers/bedrock/signing.js';
import { resolveLogOf } from '../lazy-import/resolve-log.js';
import { bedrockEvent, eventStreamFrame } from '../servers/bedrock.js';
import { sigV4 } from '../servers/sigv4.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '../..');

interface SigV4Vector {
  access_key_id: string;
  secret_access_key: string;
  region: string;
  service: string;
  x_amz_date: string;
  url: string;
  body: string;
  canonical_uri: string;
  signed_headers: string;
  canonical_request: string;
  string_to_sign: string;
  signature: string;
  authorization: string;
  request_headers: Record<string, string>;
}

const VECTORS = JSON.parse(
  readFileSync(join(REPO, 'test/fixtures/wire-data/sigv4-example.json'), 'utf8'),
) as { minimal: SigV4Vector; aws_sdk: SigV4Vector };

describe('SigV4 against test/fixtures/wire-data/sigv4-example.json', () => {
  it("the library's signer reproduces the 'minimal' vector exactly (aws4fetch, fixed x-amz-date)", async () => {
    const vector = VECTORS.minimal;
    // The URL the library builds for this model id is the vector's URL.
    const url = `https://bedrock-runtime.us-east-1.amazonaws.com${converseStreamPath(
      'anthropic.claude-3-5-haiku-20241022-v1:0',
    )}`;
    expect(url).toBe(vector.url);
    const headers = await signBedrockRequest({
      url,
      body: vector.body,
      headers: { 'content-type': 'application/json' },
      region: vector.region,
      credentials: {
        accessKeyId: vector.access_key_id,
        secretAccessKey: vector.secret_access_key,
      },
      datetime: vector.x_amz_date,
    });
    expect(headers.authorization).toBe(vector.authorization);
    // Everything the vector sends except host, which fetch adds from the URL.
    const { host: _host, ...sent } = vector.request_headers;
    expect(headers).toEqual(sent);
  });

  it("aws4fetch reproduces the 'aws_sdk' vector when told to sign content-type and the payload hash", async () => {
    const vector = VECTORS.aws_sdk;
    const signer = new AwsV4Signer({
      method: 'POST',
      url: vector.url,
      headers: {
        'content-type': 'application/json',
        'x-amz-content-sha256': vector.request_headers['x-amz-content-sha256'] ?? '',
      },
      body: vector.body,
      accessKeyId: vector.access_key_id,
      secretAccessKey: vector.secret_access_key,
      service: vector.service,
      region: vector.region,
      datetime: vector.x_amz_date,
      allHeaders: true,
    });
    expect(await signer.canonicalString()).toBe(vector.canonical_request);
    expect(await signer.authHeader()).toBe(vector.authorization);
  });

  for (const name of ['minimal', 'aws_sdk'] as const) {
    it(`the tests' own node:crypto SigV4 reproduces the '${name}' vector step by step`, () => {
      const vector = VECTORS[name];
      const signedHeaders: Record<string, string> = {};
      for (const header of vector.signed_headers.split(';')) {
        signedHeaders[header] = vector.request_headers[header] ?? '';
      }
      const result = sigV4({
        method: 'POST',
        path: new URL(vector.url).pathname,
        signedHeaders,
        body: vector.body,
        accessKeyId: vector.access_key_id,
        secretAccessKey: vector.secret_access_key,
        region: vector.region,
        service: vector.service,
        amzDate: vector.x_amz_date,
      });
      expect(result.canonicalRequest).toBe(vector.canonical_request);
      expect(result.stringToSign).toBe(vector.string_to_sign);
      expect(result.signature).toBe(vector.signature);
      expect(result.authorization).toBe(vector.authorization);
    });
  }
});

describe('event-stream frames', () => {
  it('the test encoder reproduces the worked event-stream frame (docs/wire-protocols.md) byte for byte', () => {
    const frame = eventStreamFrame(
      [
        [':event-type', 'messageStart'],
        [':content-type', 'application/json'],
        [':message-type', 'event'],
      ],
      '{"role":"assistant","p":"abcdefghijklmnopqrstuvwxyzABCDE"}',
    );
    const hex = Buffer.from(frame).toString('hex');
    expect(frame.length).toBe(156);
    expect(hex.slice(0, 24)).toBe('0000009c00000052f4b125a0');
    expect(hex.slice(-8)).toBe('0a1777f6');
  });

  it('the decoder yields the same messages whether bytes arrive whole or one at a time', async () => {
    const frames = [
      bedrockEvent('messageStart', { role: 'assistant' }),
      bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Grüße 🎉' } }),
    ];
    const whole = Buffer.concat(frames);
    async function* oneByteAtATime(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < whole.length; i++) yield whole.subarray(i, i + 1);
    }
    async function* allAtOnce(): AsyncGenerator<Uint8Array> {
      yield whole;
    }
    const decode = async (chunks: AsyncIterable<Uint8Array>) => {
      const out: Array<{ headers: Record<string, string>; payload: string }> = [];
      for await (const message of decodeEventStream(chunks, await loadEventStreamCodec())) {
        out.push({ headers: message.headers, payload: Buffer.from(message.payload).toString() });
      }
      return out;
    };
    const expected = await decode(allAtOnce());
    expect(expected).toHaveLength(2);
    expect(expected[1]?.headers).toEqual({
      ':event-type': 'contentBlockDelta',
      ':content-type': 'application/json',
      ':message-type': 'event',
    });
    expect(JSON.parse(expected[1]?.payload ?? '')).toMatchObject({ delta: { text: 'Grüße 🎉' } });
    expect(await decode(oneByteAtATime())).toEqual(expected);
  });
});

describe('optional peer dependencies', () => {
  it('a missing package is a ConfigError that says how to install it', async () => {
    const name = 'synapsekit-test-package-that-is-not-installed';
    const error = await importOptionalPackage(name, () => import(name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain(BEDROCK_INSTALL_COMMAND);
    expect(BEDROCK_INSTALL_COMMAND).toBe('npm install aws4fetch @smithy/eventstream-codec');
  });

  it('other import failures are not disguised as a missing package', async () => {
    const broken = new Error('SyntaxError in the package itself');
    await expect(importOptionalPackage('aws4fetch', () => Promise.reject(broken))).rejects.toBe(
      broken,
    );
  });

  it('importing synapsekit and building a BedrockLLM loads neither aws4fetch nor the codec', async () => {
    // A fresh Node process, plain ESM (the sources transpiled as the build would emit them),
    // and a resolve hook that logs every module Node loads.
    const log = await resolveLogOf('import-synapsekit.mjs');
    const [before, after] = log.split(/^--- imported synapsekit.*---$/m);
    expect(after, 'the child process did not reach its marker').toBeDefined();
    // The library itself was loaded (its SSE dependency shows up).
    expect(before).toContain('/node_modules/eventsource-parser/');
    expect(before).not.toContain('/node_modules/aws4fetch/');
    expect(before).not.toContain('/node_modules/@smithy/');
    // Control: the log does record both packages once something really loads them.
    expect(after).toContain('/node_modules/aws4fetch/');
    expect(after).toContain('/node_modules/@smithy/eventstream-codec/');
  });
});

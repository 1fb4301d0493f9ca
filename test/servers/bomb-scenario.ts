/**
 * One decompression-bomb scenario per process (see runBombScenario): a replay server answers
 * one call with a 1 GiB gzip bomb, and the peak RSS growth of the call is printed as JSON.
 * Usage: node bomb-scenario.mjs <scenario>
 */
import { crc32 } from 'node:zlib';
import { BedrockLLM, OllamaLLM, OpenAILLM, ProviderError, type BaseLLM } from '../../src/index.js';
import { MAX_FRAME_BYTES } from '../../src/providers/bedrock/event-stream.js';
import { gzipBomb } from './gzip-bomb.js';
import { ReplayServer, type ScriptedResponse } from './replay-server.js';

/** A response whose body is 1 GiB (inflated) of `unit` after `prefix`, sent gzipped. */
function bomb(
  contentType: string,
  options: { prefix?: string | Uint8Array; unit?: string | Uint8Array; status?: number },
): () => ScriptedResponse {
  return () => ({
    status: options.status ?? 200,
    headers: { 'content-type': contentType, 'content-encoding': 'gzip' },
    body: gzipBomb(1024, options),
  });
}

/** A valid AWS event-stream prelude (total length, no headers, prelude CRC-32) for a frame. */
function framePrelude(totalBytes: number): Uint8Array {
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(totalBytes, 0);
  prelude.writeUInt32BE(0, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  return prelude;
}

const SSE = 'text/event-stream';
const EVENT_STREAM = 'application/vnd.amazon.eventstream';
const openai = (url: string): BaseLLM =>
  new OpenAILLM({ model: 'gpt-4o-mini', apiKey: 'sk-test', baseUrl: `${url}/v1` });
const bedrock = (url: string): BaseLLM =>
  new BedrockLLM({ model: 'amazon.nova-micro-v1:0', apiKey: 'br-key', baseUrl: url });

const SCENARIOS: Record<
  string,
  { llm: (url: string) => BaseLLM; response: () => ScriptedResponse }
> = {
  // One SSE data line that never ends.
  'sse-line': { llm: openai, response: bomb(SSE, { prefix: 'data: {"choices":[{"delta":' }) },
  // The same with bytes that are not UTF-8: each decodes to U+FFFD, a two-byte character.
  'sse-line-invalid-utf8': {
    llm: openai,
    response: bomb(SSE, { prefix: 'data: ', unit: new Uint8Array([0xff]) }),
  },
  // Complete data lines, but no blank line ever ends the event; short lines cost the parser
  // the most memory per character.
  'sse-data-lines': { llm: openai, response: bomb(SSE, { unit: 'data:xy\n' }) },
  // Comments only: no event ever completes.
  'sse-comments': { llm: openai, response: bomb(SSE, { unit: ': keep-alive\n' }) },
  // One NDJSON line that never ends (Ollama).
  'ndjson-line': {
    llm: (url) => new OllamaLLM({ model: 'llama3.2', baseUrl: url }),
    response: bomb('application/x-ndjson', { prefix: '{"message":{"content":"' }),
  },
  // An event-stream frame whose valid prelude declares the largest frame the decoder accepts,
  // then zeros (Bedrock): the worst a frame can cost before its message CRC fails.
  'event-stream-frame': {
    llm: bedrock,
    response: bomb(EVENT_STREAM, { prefix: framePrelude(MAX_FRAME_BYTES) }),
  },
  // A frame declaring the AWS protocol maximum (16 MiB of payload): refused before buffering.
  'event-stream-aws-maximum': {
    llm: bedrock,
    response: bomb(EVENT_STREAM, { prefix: framePrelude(16 * 1024 * 1024 + 128 * 1024 + 16) }),
  },
  // An error body (read only up to its cap).
  'error-body': {
    llm: openai,
    response: bomb('application/json', { status: 500, prefix: '{"error":{"message":"' }),
  },
};

const name = process.argv[2] ?? '';
const scenario = SCENARIOS[name];
if (!scenario)
  throw new Error(`Unknown scenario '${name}'; known: ${Object.keys(SCENARIOS).join(', ')}`);
const server = await ReplayServer.start();
server.enqueue(scenario.response());
const llm = scenario.llm(server.url);

const rssBefore = process.memoryUsage.rss();
const started = performance.now();
const error = await llm.generate('hi').then(
  () => undefined,
  (e: unknown) => e as Error,
);
const elapsedMs = performance.now() - started;
// maxRSS is the process's peak in KiB, kept by the kernel: nothing between samples is missed.
const growthMB = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 1e6;
await server.close();
process.stdout.write(
  JSON.stringify({
    growthMB,
    elapsedMs,
    error: error && {
      name: error.name,
      message: error.message,
      ...(error instanceof ProviderError
        ? { status: error.status, retryable: error.retryable }
        : {}),
    },
  }),
);

// Run in a fresh process by test/telemetry/lazy-import.test.ts, with the library's sources
// transpiled to plain JS (SYNAPSEKIT_ENTRY). It imports the package entry and makes calls with
// telemetry off (stream, generate, a cache hit, a retry, the debug log on), marks the log, then
// makes one call with telemetry on: the control showing that the log does record
// @opentelemetry/api when it is really loaded.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const logPath = process.env.RESOLVE_LOG ?? '';
const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
let requests = 0;
const server = createServer((request, response) => {
  request.resume();
  requests++;
  if (requests === 2) {
    // One overloaded answer, so a retry happens too.
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"overloaded"}}');
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.end(`${chunk({ content: 'Hi' })}${chunk({}, 'stop')}data: [DONE]\n\n`);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}/v1`;

const { OpenAILLM } = await import(pathToFileURL(process.env.SYNAPSEKIT_ENTRY ?? '').href);
const lines = [];
const logger = { debug: (line) => lines.push(line), info() {}, warn() {}, error() {} };
const plain = new OpenAILLM({
  model: 'gpt-4o-mini',
  apiKey: 'sk-lazy-test',
  baseUrl,
  cache: true,
  maxRetries: 1,
  retryDelay: 0,
  logger,
});
for await (const text of plain.stream('one')) void text;
await plain.generate('two'); // 503, then retried
await plain.generate('two'); // a cache hit
await plain.close();
if (lines.length === 0) throw new Error('the debug log saw no call');
appendFileSync(logPath, `--- called without telemetry (${requests} requests) ---\n`);

const traced = new OpenAILLM({
  model: 'gpt-4o-mini',
  apiKey: 'sk-lazy-test',
  baseUrl,
  telemetry: true,
});
await traced.generate('three');
server.close();

// Run in a fresh process by test/providers/bedrock-wire.test.ts, with the library's sources
// transpiled to plain JS (SYNAPSEKIT_ENTRY). It imports the package entry and builds a
// BedrockLLM, marks the log, then loads the optional Bedrock packages on purpose: the control
// showing that the log does record them when they are really loaded.
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const logPath = process.env.RESOLVE_LOG ?? '';
const { BedrockLLM } = await import(pathToFileURL(process.env.SYNAPSEKIT_ENTRY ?? '').href);
const llm = new BedrockLLM(
  { model: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
  { region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } },
);
appendFileSync(logPath, `--- imported synapsekit and built ${llm.endpoint} ---\n`);
await import('aws4fetch');
await import('@smithy/eventstream-codec');

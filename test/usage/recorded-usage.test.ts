import { describe, expect, it } from 'vitest';
import {
  AnthropicLLM,
  AzureOpenAILLM,
  BedrockLLM,
  CohereLLM,
  DeepSeekLLM,
  GeminiLLM,
  GroqLLM,
  MistralLLM,
  OpenAILLM,
  PerplexityLLM,
  TokenTracer,
  type BaseLLM,
  type LLMConfigOptions,
  type Usage,
} from '../../src/index.js';
import { ANTHROPIC_SSE_HEADERS } from '../servers/anthropic.js';
import { EVENT_STREAM_HEADERS, recordedLineFrame } from '../servers/bedrock.js';
import { tracedCall } from '../servers/capture.js';
import { COHERE_SSE_HEADERS } from '../servers/cohere.js';
import { GEMINI_SSE_HEADERS } from '../servers/gemini.js';
import { SSE_HEADERS } from '../servers/openai-chat.js';
import { recordedLines, recordedStreams, type RecordingEntry } from '../servers/recordings.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { sseEvent, typedSseEvent } from '../servers/sse.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const key = { apiKey: 'sk-test-usage' };

/**
 * The Usage the README's usage rules derive from a recording's manifest counts (taken from the raw chunks by
 * the recordings' own script, not by this library). `input` adds Anthropic's and Bedrock's
 * cache reads and writes, which their input count leaves out; `output` adds Gemini's thoughts,
 * which its candidates count leaves out. Everywhere else the provider's numbers stand as sent.
 */
function expectedUsage(entry: RecordingEntry): Usage {
  const u = entry.usage;
  const cacheRead = u.cached_input ?? u.prompt_cache_hit ?? u.cache_read_input;
  const cacheWrite = u.cache_creation_input ?? u.cache_write_input;
  const cacheOutsideInput = entry.provider === 'anthropic' || entry.provider === 'amazon-bedrock';
  return {
    input: (u.input ?? 0) + (cacheOutsideInput ? (cacheRead ?? 0) + (cacheWrite ?? 0) : 0),
    output: (u.output ?? 0) + (u.thoughts ?? 0),
    cacheRead,
    cacheWrite,
    reasoning: u.reasoning ?? u.thoughts,
    reported: true,
  };
}

/** Chat Completions framing: `data: <line>`, then `data: [DONE]`. */
function chatCompletionsWire(lines: string[]): ScriptedResponse {
  return {
    headers: SSE_HEADERS,
    body: [...lines.map((line) => sseEvent(line)), sseEvent('[DONE]')],
  };
}

interface RecordedFolder {
  create: (baseUrl: string, model: string) => BaseLLM;
  wire: (lines: string[]) => ScriptedResponse;
}

/** A Chat Completions dialect: its class, with the shared framing. */
function chatCompletions(LLM: new (config: LLMConfigOptions) => BaseLLM): RecordedFolder {
  return {
    create: (baseUrl, model) => new LLM({ ...key, model, baseUrl }),
    wire: chatCompletionsWire,
  };
}

/** Per recordings folder: the class that reads it and its wire framing (test/fixtures/recordings/README.md). */
const FOLDERS: Record<string, RecordedFolder> = {
  openai: chatCompletions(OpenAILLM),
  azure: chatCompletions(AzureOpenAILLM),
  groq: chatCompletions(GroqLLM),
  deepseek: chatCompletions(DeepSeekLLM),
  perplexity: chatCompletions(PerplexityLLM),
  mistral: chatCompletions(MistralLLM),
  anthropic: {
    create: (baseUrl, model) => new AnthropicLLM({ ...key, model, baseUrl }),
    wire: (lines) => ({ headers: ANTHROPIC_SSE_HEADERS, body: lines.map(typedSseEvent) }),
  },
  cohere: {
    create: (baseUrl, model) => new CohereLLM({ ...key, model, baseUrl }),
    wire: (lines) => ({ headers: COHERE_SSE_HEADERS, body: lines.map(typedSseEvent) }),
  },
  google: {
    create: (baseUrl, model) => new GeminiLLM({ ...key, model, baseUrl }),
    wire: (lines) => ({
      headers: GEMINI_SSE_HEADERS,
      body: lines.map((line) => sseEvent(line, { lineEnd: '\r\n' })),
    }),
  },
  'amazon-bedrock': {
    // A Bedrock API key (bearer) and baseUrl: no region or AWS credentials needed.
    create: (baseUrl, model) => new BedrockLLM({ ...key, model, baseUrl }),
    wire: (lines) => ({
      headers: EVENT_STREAM_HEADERS,
      body: lines.map((line, index) => recordedLineFrame(line, index)),
    }),
  },
};

describe('recorded real-API streams: onFinish and the tracer give the provider-reported usage', () => {
  const server = useReplayServer();

  for (const [folder, { create, wire }] of Object.entries(FOLDERS)) {
    const entries = recordedStreams(folder);
    it(`the manifest has ${folder} stream recordings`, () => {
      expect(entries.length).toBeGreaterThan(0);
    });

    for (const entry of entries) {
      it(entry.file, async () => {
        server().enqueue({ ...wire(recordedLines(entry)), splitSeed: 7 });
        const model = entry.model ?? 'model';
        const tracer = new TokenTracer();
        const finishes = await tracedCall(create(server().url, model), tracer, model);
        const expected = expectedUsage(entry);

        expect(finishes.map((finish) => finish.usage)).toEqual([expected]);
        expect(tracer.summary()).toMatchObject({
          calls: 1,
          totalInputTokens: expected.input,
          totalOutputTokens: expected.output,
          byModel: {
            [model]: { calls: 1, inputTokens: expected.input, outputTokens: expected.output },
          },
        });
      });
    }
  }
});

import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../src/index.js';
import { anthropicFinishReason } from '../../src/providers/anthropic/finish-reason.js';
import { bedrockFinishReason } from '../../src/providers/bedrock/finish-reason.js';
import { cohereFinishReason } from '../../src/providers/cohere/finish-reason.js';
import { geminiFinishReason } from '../../src/providers/gemini/finish-reason.js';
import { ollamaFinishReason } from '../../src/providers/ollama/finish-reason.js';
import { chatFinishReason } from '../../src/providers/openai-chat/finish-reason.js';

// The table of docs/wire-protocols.md (Normalisation rules, 6), per protocol.
const TABLE: Array<
  [string, (reason: string | undefined) => FinishReason, Record<string, FinishReason>]
> = [
  [
    'Chat Completions',
    chatFinishReason,
    {
      stop: 'stop',
      length: 'length',
      model_length: 'length',
      tool_calls: 'tool-calls',
      function_call: 'tool-calls',
      content_filter: 'content-filter',
      insufficient_system_resource: 'error',
      something_new: 'other',
    },
  ],
  [
    'Anthropic',
    anthropicFinishReason,
    {
      end_turn: 'stop',
      stop_sequence: 'stop',
      max_tokens: 'length',
      model_context_window_exceeded: 'length',
      tool_use: 'tool-calls',
      refusal: 'content-filter',
      pause_turn: 'other',
    },
  ],
  [
    'Gemini',
    geminiFinishReason,
    {
      STOP: 'stop',
      MAX_TOKENS: 'length',
      SAFETY: 'content-filter',
      RECITATION: 'content-filter',
      PROHIBITED_CONTENT: 'content-filter',
      IMAGE_PROHIBITED_CONTENT: 'content-filter',
      MALFORMED_FUNCTION_CALL: 'error',
      TOO_MANY_TOOL_CALLS: 'error',
      LANGUAGE: 'other',
      FINISH_REASON_UNSPECIFIED: 'other',
    },
  ],
  [
    'Cohere',
    cohereFinishReason,
    { COMPLETE: 'stop', STOP_SEQUENCE: 'stop', MAX_TOKENS: 'length', TOOL_CALL: 'tool-calls' },
  ],
  [
    'Ollama',
    ollamaFinishReason,
    { stop: 'stop', length: 'length', load: 'other', unload: 'other' },
  ],
  [
    'Bedrock',
    bedrockFinishReason,
    {
      end_turn: 'stop',
      stop_sequence: 'stop',
      max_tokens: 'length',
      tool_use: 'tool-calls',
      guardrail_intervened: 'content-filter',
      content_filtered: 'content-filter',
      malformed_tool_use: 'error',
      malformed_model_output: 'error',
    },
  ],
];

describe('finish reasons in the shared vocabulary', () => {
  for (const [protocol, map, expected] of TABLE) {
    it(`${protocol}: each documented value, and no reason at all as other`, () => {
      const mapped = Object.fromEntries(Object.keys(expected).map((value) => [value, map(value)]));
      expect(mapped).toEqual(expected);
      expect(map(undefined)).toBe('other');
      expect(map('')).toBe('other');
    });
  }
});

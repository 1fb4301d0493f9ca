import { describe, expect, it } from 'vitest';
import { AnthropicLLM, CohereLLM, OllamaLLM, type BaseLLM } from '../../src/index.js';
import { ANTHROPIC_SSE_HEADERS, anthropicEvents, anthropicSse } from '../servers/anthropic.js';
import { generateWithFinish } from '../servers/capture.js';
import { COHERE_SSE_HEADERS, cohereEvents, cohereSse } from '../servers/cohere.js';
import { NDJSON_HEADERS, ollamaLines } from '../servers/ollama.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

/** A copy of the events in which the one of type `type` has no `delta[field]`. */
function withoutDeltaField(events: object[], type: string, field: string): object[] {
  return events.map((event) => {
    if ((event as { type: string }).type !== type) return event;
    const copy = structuredClone(event) as { delta: Record<string, unknown> };
    delete copy.delta[field];
    return copy;
  });
}

// A normal end whose end-of-response signal carries no reason: reported as finish reason
// 'other' with an empty provider reason, never replaced by a guess such as 'stop' or 'end_turn'.
describe('a normal end without a finish reason is other, with no provider reason', () => {
  const server = useReplayServer();

  const cases: Array<[string, () => ScriptedResponse, (url: string) => BaseLLM]> = [
    [
      'Anthropic message_delta without stop_reason',
      () => ({
        headers: ANTHROPIC_SSE_HEADERS,
        body: anthropicSse(
          withoutDeltaField(anthropicEvents(['Hi']), 'message_delta', 'stop_reason'),
        ),
      }),
      (url) => new AnthropicLLM({ model: 'claude-sonnet-4-5', apiKey: 'k', baseUrl: url }),
    ],
    [
      'Ollama done line without done_reason',
      () => ({
        headers: NDJSON_HEADERS,
        body: ollamaLines(['Hi'], { usage: { input: 1, output: 1 } }).map((line) => {
          const { done_reason: _dropped, ...rest } = JSON.parse(line) as Record<string, unknown>;
          return `${JSON.stringify(rest)}\n`;
        }),
      }),
      (url) => new OllamaLLM({ model: 'llama3.2', baseUrl: url }),
    ],
    [
      'Cohere message-end without finish_reason',
      () => ({
        headers: COHERE_SSE_HEADERS,
        body: cohereSse(withoutDeltaField(cohereEvents(['Hi']), 'message-end', 'finish_reason')),
      }),
      (url) => new CohereLLM({ model: 'command-a-03-2025', apiKey: 'k', baseUrl: url }),
    ],
  ];

  for (const [name, response, create] of cases) {
    it(name, async () => {
      server().enqueue(response());
      const { text, finish } = await generateWithFinish(create(server().url));
      expect(text).toBe('Hi');
      expect(finish?.finishReason).toBe('other');
      expect(finish?.providerFinishReason).toBe('');
    });
  }
});

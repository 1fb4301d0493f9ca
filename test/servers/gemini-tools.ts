import { expect } from 'vitest';
import { GeminiLLM, type ToolChoice } from '../../src/index.js';
import type { ToolConformanceTarget } from '../conformance-tools.js';
import {
  GEMINI_SSE_HEADERS,
  geminiSse,
  geminiStream,
  geminiToolCallChunks,
  type GeminiUsageMetadata,
} from './gemini.js';
import type { RecordedRequest } from './replay-server.js';

type Part = Record<string, unknown>;
type Body = {
  contents: Array<{ role: string; parts: Part[] }>;
  tools?: Array<{ functionDeclarations: Array<Record<string, unknown>> }>;
  toolConfig?: { functionCallingConfig: Record<string, unknown> };
};

/** A thoughtSignature with the characters base64 has (`+`, `/`, `=`) that JSON must not touch. */
export const CALL_SIGNATURE =
  'EqsGCqgGARFNMg/oroYnrVkdoRE9AexsOwUxH04Dk9o+ZyoN46SSspBx4ZXfos3j11OW==';

const usageMetadata = (counts: { input: number; output: number }): GeminiUsageMetadata => ({
  promptTokenCount: counts.input,
  candidatesTokenCount: counts.output,
});

/** The request body as Gemini reads it. */
export function geminiBody(request: RecordedRequest): Body {
  return request.json as Body;
}

/**
 * Gemini's generateContent wire of tools for the conformance suite, once for models that send
 * `functionCall.id` (gemini-3.1) and once for models that send none (the id is made up then and
 * must never reach the wire).
 */
export function geminiToolTarget(options: {
  model: string;
  withIds: boolean;
}): ToolConformanceTarget {
  const { model, withIds } = options;
  return {
    name: `GeminiLLM (${model}, ${withIds ? 'with' : 'without'} call ids)`,
    create: (server, config) =>
      new GeminiLLM({ model, baseUrl: `${server.url}/v1beta`, ...config }),
    toolCalls: (calls, scripted = {}) => ({
      headers: GEMINI_SSE_HEADERS,
      body: geminiSse(
        geminiToolCallChunks(calls, {
          model,
          withIds,
          signature: CALL_SIGNATURE,
          ...(scripted.text ? { text: scripted.text } : {}),
          usage: usageMetadata(scripted.usage ?? { input: 10, output: 5 }),
        }),
      ),
    }),
    text: (pieces, counts) => geminiStream(pieces, { model, usage: usageMetadata(counts) }),
    sendsIds: withIds,
    requestTools: (request) => {
      const declarations = geminiBody(request).tools?.[0]?.functionDeclarations ?? [];
      // The schema goes in parametersJsonSchema alone: Gemini refuses it beside `parameters`.
      expect(declarations.every((declaration) => !('parameters' in declaration))).toBe(true);
      return Object.fromEntries(
        declarations.map((declaration) => [declaration.name, declaration.parametersJsonSchema]),
      );
    },
    expectToolChoice: (request: RecordedRequest, choice: ToolChoice) => {
      const expected =
        choice === 'auto'
          ? { mode: 'AUTO' }
          : choice === 'none'
            ? { mode: 'NONE' }
            : choice === 'required'
              ? { mode: 'ANY' }
              : { mode: 'ANY', allowedFunctionNames: [choice.tool] };
      expect(geminiBody(request).toolConfig).toEqual({ functionCallingConfig: expected });
    },
    expectRoundTrip: (request, call, result) => {
      const contents = geminiBody(request).contents;
      const id = withIds ? { id: call.id } : {};
      expect(contents.at(-2)).toEqual({
        role: 'model',
        parts: [
          {
            functionCall: { name: call.name, args: call.input, ...id },
            thoughtSignature: CALL_SIGNATURE,
          },
        ],
      });
      expect(contents.at(-1)).toEqual({
        role: 'user',
        parts: [
          {
            functionResponse: {
              name: call.name,
              response: result.isError ? { error: result.output } : { output: result.output },
              ...id,
            },
          },
        ],
      });
    },
    opaqueState: {
      response: () => ({
        headers: GEMINI_SSE_HEADERS,
        body: geminiSse(opaqueStateChunks(model, withIds)),
      }),
      expectEchoed: (request) => {
        const id = (value: string) => (withIds ? { id: value } : {});
        expect(geminiBody(request).contents).toEqual([
          { role: 'user', parts: [{ text: 'Go' }] },
          {
            role: 'model',
            // The unsigned thought summary is not sent back; every signature is, on its part.
            parts: [
              { text: 'Let me check both.', thoughtSignature: TEXT_SIGNATURE },
              {
                functionCall: { name: 'weather', args: { city: 'Paris' }, ...id('g1paris') },
                thoughtSignature: CALL_SIGNATURE,
              },
              { functionCall: { name: 'weather', args: { city: 'Oslo' }, ...id('g2oslo') } },
              { text: '', thoughtSignature: FINAL_SIGNATURE },
            ],
          },
          {
            role: 'user',
            parts: [
              {
                functionResponse: { name: 'weather', response: { output: 'ok' }, ...id('g1paris') },
              },
              {
                functionResponse: { name: 'weather', response: { output: 'ok' }, ...id('g2oslo') },
              },
            ],
          },
        ]);
        // Byte for byte in the raw body too (nothing re-encoded on the way).
        expect(request.body).toContain(`"thoughtSignature":"${CALL_SIGNATURE}"`);
      },
    },
  };
}

const TEXT_SIGNATURE = 'CiMBjz1rX25KieIB4d4AwFn8/WbsHTRNHBXso88PtemwfsSfRAp6AY89a1+e2Frm==';
const FINAL_SIGNATURE = 'EpAICo0IAb4+9vuku3oDHR5EQSMfPm5IpmH06lgm9aGICNAJKKfpVXU3971q/A=';

/**
 * A Gemini 3 turn with every kind of opaque state: a thought summary (no signature, as Gemini
 * streams them), text whose signature arrives on its second chunk, two parallel calls with the
 * signature on the first, and a final empty text part with a signature of its own.
 */
function opaqueStateChunks(model: string, withIds: boolean): object[] {
  const chunk = (parts: object[], finishReason?: string): object => ({
    candidates: [
      { content: { parts, role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 },
    ],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 30, thoughtsTokenCount: 40 },
    modelVersion: model,
  });
  const id = (value: string) => (withIds ? { id: value } : {});
  return [
    chunk([{ text: 'The user wants two cities.', thought: true }]),
    chunk([{ text: 'Let me ' }]),
    chunk([{ text: 'check both.', thoughtSignature: TEXT_SIGNATURE }]),
    chunk([
      {
        functionCall: { name: 'weather', args: { city: 'Paris' }, ...id('g1paris') },
        thoughtSignature: CALL_SIGNATURE,
      },
      { functionCall: { name: 'weather', args: { city: 'Oslo' }, ...id('g2oslo') } },
    ]),
    chunk([{ text: '', thoughtSignature: FINAL_SIGNATURE }], 'STOP'),
  ];
}

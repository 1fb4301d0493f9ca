import type { ScriptedResponse } from './replay-server.js';
import { sseEvent } from './sse.js';

/** Response headers of a streamGenerateContent?alt=sse answer. */
export const GEMINI_SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'x-content-type-options': 'nosniff',
};

export interface GeminiUsageMetadata {
  promptTokenCount: number;
  candidatesTokenCount: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
}

export interface GeminiStreamOptions {
  model?: string;
  usage?: GeminiUsageMetadata;
  finishReason?: string;
  /** Thought-summary parts (`thought: true`), streamed in their own chunks before the text. */
  thoughts?: string[];
}

/**
 * The GenerateContentResponse chunks of a stream answering `pieces`, shaped like the recorded
 * ones: each chunk holds only the new text and a cumulative `usageMetadata`; the last chunk
 * has an empty text part with a thoughtSignature and the finishReason (docs/wire-protocols.md: Gemini).
 */
export function geminiChunks(pieces: string[], options: GeminiStreamOptions = {}): object[] {
  const final = options.usage ?? { promptTokenCount: 0, candidatesTokenCount: 0 };
  const model = options.model ?? 'gemini-2.5-flash';
  const metadata = (candidates: number): object => {
    const { thoughtsTokenCount, cachedContentTokenCount } = final;
    return {
      promptTokenCount: final.promptTokenCount,
      candidatesTokenCount: candidates,
      totalTokenCount: final.promptTokenCount + candidates + (thoughtsTokenCount ?? 0),
      ...(cachedContentTokenCount !== undefined ? { cachedContentTokenCount } : {}),
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: final.promptTokenCount }],
      ...(thoughtsTokenCount !== undefined ? { thoughtsTokenCount } : {}),
    };
  };
  const chunk = (parts: object[], candidates: number, finishReason?: string): object => ({
    candidates: [
      { content: { parts, role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 },
    ],
    usageMetadata: metadata(candidates),
    modelVersion: model,
    responseId: 'bH6LaZW8Fp_3nsEPqtaSwQ4',
  });
  const chunks: object[] = [];
  for (const thought of options.thoughts ?? []) {
    chunks.push(chunk([{ text: thought, thought: true }], 0));
  }
  pieces.forEach((text, index) => {
    // Cumulative, and never above the final count.
    chunks.push(chunk([{ text }], Math.min(index + 1, final.candidatesTokenCount)));
  });
  chunks.push(
    chunk(
      [{ text: '', thoughtSignature: 'EqsFCqgFAb4+9vvtAF5n87lB' }],
      final.candidatesTokenCount,
      options.finishReason ?? 'STOP',
    ),
  );
  return chunks;
}

/** SSE bytes, one unnamed event per chunk; the live API ends lines with CRLF. */
export function geminiSse(chunks: object[], lineEnd = '\r\n'): string[] {
  return chunks.map((chunk) => sseEvent(JSON.stringify(chunk), { lineEnd }));
}

/** A 200 stream answering `pieces`. */
export function geminiStream(
  pieces: string[],
  options: GeminiStreamOptions = {},
): ScriptedResponse {
  return { headers: GEMINI_SSE_HEADERS, body: geminiSse(geminiChunks(pieces, options)) };
}

const RPC_STATUS_BY_HTTP: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The `{"error":{code,message,status,details}}` object of a Google API error. */
export function googleErrorObject(
  code: number,
  message: string,
  details: object[] = [],
): { error: object } {
  return {
    error: {
      code,
      message,
      status: RPC_STATUS_BY_HTTP[code] ?? 'UNKNOWN',
      ...(details.length > 0 ? { details } : {}),
    },
  };
}

/** An HTTP error as Google sends it: pretty-printed JSON. */
export function geminiError(
  status: number,
  message: string,
  details: object[] = [],
): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify(googleErrorObject(status, message, details), null, 2),
  };
}

/** The 429 details Google sends for a per-minute quota: QuotaFailure, Help, RetryInfo. */
export function quotaExceededDetails(retryDelay: string): object[] {
  return [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
          quotaValue: '10',
        },
      ],
    },
    {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [
        {
          description: 'Learn more about Gemini API quotas',
          url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
        },
      ],
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
  ];
}

/** The details of Google's 400 for a bad API key. */
export const API_KEY_INVALID_DETAILS: object[] = [
  {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: 'API_KEY_INVALID',
    domain: 'googleapis.com',
    metadata: { service: 'generativelanguage.googleapis.com' },
  },
  {
    '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
    locale: 'en-US',
    message: 'API key not valid. Please pass a valid API key.',
  },
];

/** One function call as a test scripts it; `id` is sent only when the stream is to carry ids. */
export interface GeminiScriptedCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface GeminiToolCallOptions {
  model?: string;
  /** Answer text streamed before the calls. */
  text?: string;
  usage?: GeminiUsageMetadata;
  /** Send `functionCall.id` (gemini-3.1 does; gemini-3-pro-preview and older send none). */
  withIds?: boolean;
  /** The `thoughtSignature` on the first call's part, as Gemini 3 sends it. */
  signature?: string;
}

/**
 * The chunks of a function-call answer, shaped like the recorded ones (issue-10781.1): the
 * text (if any), then one chunk with every call as a whole `functionCall` part (the first
 * carrying the thoughtSignature; a call without arguments has no `args`), then an empty text
 * part with finishReason STOP, which is all Gemini says about a turn with calls.
 */
export function geminiToolCallChunks(
  calls: GeminiScriptedCall[],
  options: GeminiToolCallOptions = {},
): object[] {
  const usage = options.usage ?? { promptTokenCount: 10, candidatesTokenCount: 5 };
  const metadata = {
    promptTokenCount: usage.promptTokenCount,
    candidatesTokenCount: usage.candidatesTokenCount,
    totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: usage.promptTokenCount }],
  };
  const chunk = (parts: object[], finishReason?: string): object => ({
    candidates: [
      { content: { parts, role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 },
    ],
    usageMetadata: metadata,
    modelVersion: options.model ?? 'gemini-3.1-pro-preview',
    responseId: '7uVgavK_CL7yxN8P-aGnkAY',
  });
  const callParts = calls.map((call, position) => ({
    functionCall: {
      name: call.name,
      ...(Object.keys(call.input).length > 0 ? { args: call.input } : {}),
      ...(options.withIds ? { id: call.id } : {}),
    },
    ...(position === 0 && options.signature ? { thoughtSignature: options.signature } : {}),
  }));
  return [
    ...(options.text ? [chunk([{ text: options.text }])] : []),
    chunk(callParts),
    chunk([{ text: '' }], 'STOP'),
  ];
}

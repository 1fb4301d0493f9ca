import type { StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { geminiFinishReason } from './finish-reason.js';
import { FunctionCalls, type GeminiFunctionCall } from './function-calls.js';
import { geminiProviderData } from './provider-data.js';
import { usageFromGemini } from './usage.js';

interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: GeminiFunctionCall | null;
}

interface GenerateContentChunk {
  candidates?: Array<{
    content?: { parts?: GeminiPart[] };
    finishReason?: string;
  }>;
  usageMetadata?: unknown;
  /** The model that answered; read from the chunk with the finish reason. */
  modelVersion?: unknown;
  promptFeedback?: { blockReason?: string };
  error?: unknown;
}

/** Which kind of open part holds a signature already (a second one must start a new part). */
type SignedPart = 'text' | 'reasoning' | undefined;

/**
 * streamGenerateContent (`alt=sse`) to parts. Each event is a whole response holding only the
 * new parts: answer text, thought summaries (`thought: true`, reasoning, never answer text),
 * function calls (see FunctionCalls). A `thoughtSignature` belongs to the part it came on: it
 * goes out as that part's `providerData.gemini`, and a signature on a final empty text part
 * joins the text streamed before it. `usageMetadata` is cumulative, so the last one is the total.
 *
 * Gemini sends no end marker: a chunk with `finishReason` followed by EOF is the normal end.
 * EOF without one yields no finish, which the base reports as a stream that ended early.
 */
export async function* parseGenerateContentStream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  let finishReason: string | undefined;
  let responseModel: string | undefined;
  const calls = new FunctionCalls();
  let signed: SignedPart;
  // One batch per network read: a hop per read instead of per event.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      const chunk = http.parseJson(event.data) as GenerateContentChunk;
      // The error object's `code` is the HTTP status Gemini would have answered with.
      if (chunk.error !== undefined && chunk.error !== null) throw http.streamError(chunk);
      const usage = usageFromGemini(chunk.usageMetadata);
      if (usage) yield { type: 'usage', usage };
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        const text = part.text;
        // The hot path: plain answer text, nothing else to look at.
        if (
          typeof text === 'string' &&
          part.thought === undefined &&
          part.thoughtSignature === undefined
        ) {
          yield { type: 'text', text };
          continue;
        }
        if (part.functionCall !== undefined && part.functionCall !== null) {
          signed = undefined;
          yield* calls.read(part.functionCall, part.thoughtSignature);
          continue;
        }
        if (typeof text !== 'string') continue;
        const kind = part.thought === true ? 'reasoning' : 'text';
        const providerData = geminiProviderData(part.thoughtSignature);
        // An empty part without a signature carries nothing (and must not open an empty part).
        if (text === '' && providerData === undefined) continue;
        if (providerData !== undefined) {
          // Each signature stays with its own part: never merged over an earlier one.
          if (signed === kind) yield { type: 'part-end' };
          signed = kind;
        } else if (signed !== kind) {
          signed = undefined;
        }
        yield { type: kind, text, providerData };
      }
      if (candidate?.finishReason) {
        finishReason = candidate.finishReason;
        if (typeof chunk.modelVersion === 'string') responseModel = chunk.modelVersion;
      }
      // A blocked prompt gets no candidate at all; its block reason is why the answer is empty.
      else if (chunk.promptFeedback?.blockReason) finishReason = chunk.promptFeedback.blockReason;
    }
  }
  if (finishReason !== undefined) {
    // A streamed call whose closing chunk never came ends with the response.
    yield* calls.end();
    yield {
      type: 'finish',
      reason: geminiFinishReason(finishReason),
      providerReason: finishReason,
      responseModel,
    };
  }
}

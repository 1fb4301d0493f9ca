import type { StreamPart } from '../../llm/spec.js';
import type { HttpClient } from '../../transport/http.js';
import { chatFinishReason } from './finish-reason.js';
import { usageFromOpenAI } from './usage.js';

interface ChatDelta {
  content?: unknown;
  /** DeepSeek, xAI, Fireworks (and DeepSeek deployments on Azure). */
  reasoning_content?: unknown;
  /** Groq, Cerebras, OpenRouter. */
  reasoning?: unknown;
  /** OpenRouter's structured reasoning, to be sent back unchanged. */
  reasoning_details?: unknown;
  tool_calls?: unknown;
}

interface ChatChunk {
  /** The model that answered (a dated snapshot); read from the finish chunk. */
  model?: unknown;
  /** Mistral puts its error object (`"object":"error"`) where a chunk would be. */
  object?: unknown;
  choices?: Array<{ delta?: ChatDelta | null; finish_reason?: string | null }>;
  usage?: unknown;
  x_groq?: { usage?: unknown };
  error?: unknown;
}

interface ToolCallDelta {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

/**
 * Chat Completions SSE to parts: text from `choices[0].delta.content`, reasoning from
 * `reasoning_content` / `reasoning` (never answer text), tool-call fragments from
 * `delta.tool_calls` (the pipeline joins them), usage from the last chunk that has any. The
 * answer ends at `data: [DONE]`, or at a clean EOF after a chunk with a finish_reason
 * (Perplexity and Hugging Face `transformers serve` send no `[DONE]`, and the official SDKs
 * accept that end; usage is whatever arrived). EOF before any finish_reason yields no finish:
 * the pipeline reports a stream that ended early. `[DONE]` without any finish_reason finishes
 * as `other` with an empty provider reason rather than an invented `stop`. An `error` chunk,
 * `event: error`, an `"object":"error"` chunk or finish_reason `error` is thrown as a typed error.
 */
export async function* parseChatStream(
  response: Response | Promise<Response>,
  http: HttpClient,
): AsyncGenerator<StreamPart> {
  const state: ChatStreamState = {
    finishReason: undefined,
    responseModel: undefined,
    reasoningDetails: [],
  };
  // One batch per network read: a hop per read instead of per event. The generator itself
  // stays small (it only hands parts on): a generator's locals are saved at every yield.
  for await (const events of http.sse(response)) {
    for (const event of events) {
      if (event.data === '[DONE]') {
        yield finish(state);
        return;
      }
      const parts = chunkParts(http.parseJson(event.data) as ChatChunk, event.event, http, state);
      if (parts === undefined) continue;
      if (Array.isArray(parts)) for (const part of parts) yield part;
      else yield parts;
    }
  }
  // EOF before any finish_reason yields no finish: the pipeline reports an incomplete answer.
  if (state.finishReason !== undefined) yield finish(state);
}

/** What a stream remembers between chunks. */
interface ChatStreamState {
  finishReason: string | undefined;
  /** The `model` of the chunk with the finish_reason (every chunk repeats it). */
  responseModel: string | undefined;
  /** OpenRouter repeats none of its reasoning details: they are collected for the message. */
  reasoningDetails: unknown[];
}

/**
 * The parts of one chunk: a single part in the common case (a text delta, no array), several
 * when a chunk carries more, or none.
 */
function chunkParts(
  chunk: ChatChunk,
  eventName: string | undefined,
  http: HttpClient,
  state: ChatStreamState,
): StreamPart | StreamPart[] | undefined {
  if (chunk.error !== undefined && chunk.error !== null) throw http.streamError(chunk);
  if (eventName === 'error' || chunk.object === 'error') throw http.streamError(chunk);
  const choice = chunk.choices?.[0];
  const reason = choice?.finish_reason;
  if (reason === 'error') {
    // Mistral's only in-band failure signal: the answer so far is incomplete, not finished.
    throw http.streamError({
      message: 'The model stopped with finish_reason "error" before completing the answer',
    });
  }
  if (reason) {
    state.finishReason = reason;
    if (typeof chunk.model === 'string' && chunk.model !== '') state.responseModel = chunk.model;
  }
  const usage = usageFromOpenAI(chunk.usage) ?? usageFromOpenAI(chunk.x_groq?.usage);
  const delta = choice?.delta;
  const content = delta?.content;
  const text: StreamPart | undefined =
    typeof content === 'string' && content !== '' ? { type: 'text', text: content } : undefined;
  const plain =
    usage === undefined &&
    (delta === undefined ||
      delta === null ||
      (typeof content !== 'object' &&
        delta.reasoning_content === undefined &&
        delta.reasoning === undefined &&
        delta.reasoning_details === undefined &&
        delta.tool_calls === undefined));
  if (plain) return text;
  const parts: StreamPart[] = [];
  if (usage) parts.push({ type: 'usage', usage });
  if (text) parts.push(text);
  if (delta) otherDeltaParts(delta, state, parts);
  return parts;
}

/** Everything in a delta besides plain text: typed content, reasoning, tool-call fragments. */
function otherDeltaParts(delta: ChatDelta, state: ChatStreamState, parts: StreamPart[]): void {
  if (Array.isArray(delta.content)) parts.push(...typedContent(delta.content));
  const reasoning = delta.reasoning_content ?? delta.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') {
    parts.push({ type: 'reasoning', text: reasoning });
  }
  if (Array.isArray(delta.reasoning_details) && delta.reasoning_details.length > 0) {
    state.reasoningDetails.push(...(delta.reasoning_details as unknown[]));
    parts.push({
      type: 'reasoning',
      text: '',
      providerData: { openrouter: { reasoningDetails: [...state.reasoningDetails] } },
    });
  }
  if (Array.isArray(delta.tool_calls)) parts.push(...toolCallFragments(delta.tool_calls));
}

function finish({ finishReason, responseModel }: ChatStreamState): StreamPart {
  return {
    type: 'finish',
    reason: chatFinishReason(finishReason),
    providerReason: finishReason ?? '',
    responseModel,
  };
}

/** Each `delta.tool_calls` item; a missing `index` means the item's position (Mistral). */
function* toolCallFragments(items: unknown[]): Generator<StreamPart> {
  for (const [position, raw] of items.entries()) {
    const item = raw as ToolCallDelta | null;
    if (item === null || typeof item !== 'object') continue;
    const name = item.function?.name;
    const args = item.function?.arguments;
    yield {
      type: 'tool-call-fragment',
      index: typeof item.index === 'number' ? item.index : position,
      id: typeof item.id === 'string' && item.id !== '' ? item.id : undefined,
      name: typeof name === 'string' && name !== '' ? name : undefined,
      // Some servers send the arguments as an object instead of JSON text.
      inputDelta:
        typeof args === 'string'
          ? args
          : args !== undefined && args !== null
            ? JSON.stringify(args)
            : undefined,
    };
  }
}

/**
 * `delta.content` as an array of typed parts (Mistral's Magistral reasoning models): `text`
 * parts are answer, `thinking` parts (a list of text chunks) are reasoning.
 */
function* typedContent(content: unknown[]): Generator<StreamPart> {
  for (const raw of content) {
    const part = raw as { type?: unknown; text?: unknown; thinking?: unknown } | null;
    if (part?.type === 'text' && typeof part.text === 'string' && part.text !== '') {
      yield { type: 'text', text: part.text };
    } else if (part?.type === 'thinking' && Array.isArray(part.thinking)) {
      for (const chunk of part.thinking as Array<{ text?: unknown } | null>) {
        if (typeof chunk?.text === 'string' && chunk.text !== '') {
          yield { type: 'reasoning', text: chunk.text };
        }
      }
    }
  }
}

/**
 * A stand-in for the providers' APIs, for running the examples without a key: the replay
 * server the tests use (test/servers/), answering each request like a small model would, in
 * the wire format of the API that was called (told apart by its path). The tour scripts its
 * own answers with the same helpers; `npm run example` sends every call of an example here.
 */
import {
  ANTHROPIC_SSE_HEADERS,
  anthropicMessageEvents,
  anthropicSse,
  anthropicStream,
} from '../../test/servers/anthropic.js';
import { bedrockStreamFrames, EVENT_STREAM_HEADERS } from '../../test/servers/bedrock.js';
import { cohereStream } from '../../test/servers/cohere.js';
import { embeddingsReply } from '../../test/servers/embeddings.js';
import { geminiStream } from '../../test/servers/gemini.js';
import { ollamaStream } from '../../test/servers/ollama.js';
import {
  openAIChunks,
  openAISse,
  openAIToolCallChunks,
  SSE_HEADERS,
} from '../../test/servers/openai-chat.js';
import type { RecordedRequest, ScriptedResponse } from '../../test/servers/replay-server.js';
import { exampleOf, requestedSchema } from './json-answer.js';

/** Token counts a stand-in answer reports (words, roughly; no tokenizer is involved). */
interface Counts {
  input: number;
  output: number;
}

/** Answer text in word-sized pieces, as a model streams its deltas. */
function pieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

/** JSON (which has no spaces to split at) in pieces of a few characters, as a model streams it. */
function jsonPieces(text: string): string[] {
  return text.match(/[^]{1,5}/g) ?? [text];
}

/** What the question is about: its last capitalised word ("Paris" in "Weather in Paris?"). */
function subjectOf(request: RecordedRequest): string {
  return [...lastMessageText(request).matchAll(/\b[A-Z][a-z]+\b/g)].at(-1)?.[0] ?? 'Paris';
}

/** An OpenAI-style streamed answer in small pieces, like a real model's deltas. */
export function openAIAnswer(
  text: string,
  usage = { prompt_tokens: 24, completion_tokens: 12 },
): ScriptedResponse {
  return {
    headers: SSE_HEADERS,
    body: openAISse(openAIChunks(pieces(text), { usage })),
    gapMs: 40,
  };
}

/**
 * What the stand-in model says: with RAG context (`<document>` tags), it quotes the first
 * sentence it was given; otherwise it says which question it got.
 */
export function answerText(prompt: string): string {
  const context = /<document>\n([^]*?)\n<\/document>/.exec(prompt)?.[1];
  if (context !== undefined) {
    const sentence = context
      .split(/(?<=\.)\s/)[0]
      ?.replace(/^#.*\n+/, '')
      .trim();
    return sentence ? `From your documents: ${sentence}` : 'The documents do not say.';
  }
  const question = prompt.replace(/\s+/g, ' ').trim();
  const shown = question.length > 80 ? `${question.slice(0, 77)}...` : question;
  return `(a stand-in answer from the local replay server) You asked: "${shown}"`;
}

/** The text of the last message of any provider's request body (string or typed parts). */
export function lastMessageText(request: RecordedRequest): string {
  const body = (request.json ?? {}) as {
    messages?: Array<{ content?: unknown }>;
    contents?: Array<{ parts?: unknown }>;
  };
  const last = body.messages?.at(-1)?.content ?? body.contents?.at(-1)?.parts;
  if (typeof last === 'string') return last;
  if (!Array.isArray(last)) return '';
  return last
    .map((part: { text?: unknown }) => (typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/**
 * Answers any provider request in its own wire format: chat streams, and the embeddings of every
 * provider (OpenAI-style `/embeddings`, Ollama, Cohere, Gemini, Bedrock InvokeModel).
 */
export function answerLikeAModel(request: RecordedRequest): ScriptedResponse {
  const path = request.url.split('?')[0] ?? '';
  const embeddings = embeddingsReply(request);
  if (embeddings) return embeddings;
  const prompt = lastMessageText(request);
  // Asked for structured output (natively or in JSON mode), it answers with a matching object.
  const schema = requestedSchema(request);
  const text =
    schema === undefined
      ? answerText(prompt)
      : JSON.stringify(exampleOf(schema, subjectOf(request)));
  const split = schema === undefined ? pieces(text) : jsonPieces(text);
  const counts: Counts = { input: pieces(prompt).length + 12, output: pieces(text).length };
  if (path.endsWith('/v1/messages')) {
    return (
      anthropicForcedToolAnswer(request, counts) ??
      anthropicStream(split, {
        usage: { input_tokens: counts.input, output_tokens: counts.output },
      })
    );
  }
  if (path.includes(':streamGenerateContent')) {
    return geminiStream(split, {
      usage: { promptTokenCount: counts.input, candidatesTokenCount: counts.output },
    });
  }
  if (path.endsWith('/v2/chat')) {
    return cohereStream(split, {
      usage: { input_tokens: counts.input, output_tokens: counts.output },
    });
  }
  if (path === '/api/chat') return ollamaStream(split, { usage: counts });
  if (path.endsWith('/converse-stream')) {
    return {
      headers: EVENT_STREAM_HEADERS,
      body: bedrockStreamFrames(split, {
        inputTokens: counts.input,
        outputTokens: counts.output,
      }),
    };
  }
  // Chat Completions: OpenAI, Azure and every OpenAI-compatible provider, Mistral included.
  const usage = { prompt_tokens: counts.input, completion_tokens: counts.output };
  if (schema !== undefined) {
    return { headers: SSE_HEADERS, body: openAISse(openAIChunks(split, { usage })), gapMs: 20 };
  }
  return chatToolAnswer(request, usage) ?? openAIAnswer(text, usage);
}

/**
 * A Messages API request that forces one tool (structured output's tool mode) is answered by
 * calling it, with an input made up from its schema.
 */
function anthropicForcedToolAnswer(
  request: RecordedRequest,
  counts: Counts,
): ScriptedResponse | undefined {
  const body = (request.json ?? {}) as {
    tool_choice?: { type?: string; name?: string };
    tools?: Array<{ name?: string; input_schema?: object }>;
  };
  if (body.tool_choice?.type !== 'tool') return undefined;
  const tool = body.tools?.find((candidate) => candidate.name === body.tool_choice?.name);
  if (tool?.name === undefined || tool.input_schema === undefined) return undefined;
  const input = JSON.stringify(exampleOf(tool.input_schema, subjectOf(request)));
  const blocks = [
    {
      type: 'tool_use' as const,
      id: 'toolu_standin',
      name: tool.name,
      inputPieces: jsonPieces(input),
    },
  ];
  const usage = { input_tokens: counts.input, output_tokens: counts.output };
  return {
    headers: ANTHROPIC_SSE_HEADERS,
    body: anthropicSse(anthropicMessageEvents(blocks, { stopReason: 'tool_use', usage })),
  };
}

interface ChatBody {
  tools?: Array<{
    function?: {
      name?: string;
      parameters?: { required?: string[]; properties?: Record<string, object> };
    };
  }>;
  tool_choice?: { function?: { name?: string } };
  messages?: Array<{ role?: string; content?: unknown }>;
}

/**
 * With tools, the stand-in behaves like a model that uses them (Chat Completions only): it calls
 * the forced tool, else the first, filling each required argument from its schema (free text is
 * the last capitalised word of the question, "Paris" in "Weather in Paris?"), and once the
 * result is back it answers from it.
 */
function chatToolAnswer(
  request: RecordedRequest,
  usage: { prompt_tokens: number; completion_tokens: number },
): ScriptedResponse | undefined {
  const body = (request.json ?? {}) as ChatBody;
  const forced = body.tool_choice?.function?.name;
  const tool = (body.tools?.find((each) => each.function?.name === forced) ?? body.tools?.[0])
    ?.function;
  const last = body.messages?.at(-1);
  if (tool?.name === undefined) return undefined;
  if (last?.role === 'tool') {
    return openAIAnswer(`The ${tool.name} tool answered: ${String(last.content)}`, usage);
  }
  const word = subjectOf(request);
  const properties = tool.parameters?.properties ?? {};
  const input = Object.fromEntries(
    (tool.parameters?.required ?? []).map((name) => [
      name,
      name in properties ? exampleOf(properties[name] as object, word) : word,
    ]),
  );
  const id = `call_standin${request.body.length.toString(36)}`;
  return {
    headers: SSE_HEADERS,
    body: openAISse(
      openAIToolCallChunks([{ id, name: tool.name, input }], { style: 'fragments', usage }),
    ),
    gapMs: 20,
  };
}

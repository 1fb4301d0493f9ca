/**
 * A stand-in for the providers' APIs, for running the examples without a key: the replay
 * server the tests use (test/servers/), answering each request like a small model would, in
 * the wire format of the API that was called (told apart by its path). The tour scripts its
 * own answers with the same helpers; `npm run example` sends every call of an example here.
 */
import { anthropicStream } from '../../test/servers/anthropic.js';
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

/** Token counts a stand-in answer reports (words, roughly; no tokenizer is involved). */
interface Counts {
  input: number;
  output: number;
}

/** Answer text in word-sized pieces, as a model streams its deltas. */
function pieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
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
  const text = answerText(prompt);
  const counts: Counts = { input: pieces(prompt).length + 12, output: pieces(text).length };
  if (path.endsWith('/v1/messages')) {
    return anthropicStream(pieces(text), {
      usage: { input_tokens: counts.input, output_tokens: counts.output },
    });
  }
  if (path.includes(':streamGenerateContent')) {
    return geminiStream(pieces(text), {
      usage: { promptTokenCount: counts.input, candidatesTokenCount: counts.output },
    });
  }
  if (path.endsWith('/v2/chat')) {
    return cohereStream(pieces(text), {
      usage: { input_tokens: counts.input, output_tokens: counts.output },
    });
  }
  if (path === '/api/chat') return ollamaStream(pieces(text), { usage: counts });
  if (path.endsWith('/converse-stream')) {
    return {
      headers: EVENT_STREAM_HEADERS,
      body: bedrockStreamFrames(pieces(text), {
        inputTokens: counts.input,
        outputTokens: counts.output,
      }),
    };
  }
  // Chat Completions: OpenAI, Azure and every OpenAI-compatible provider, Mistral included.
  const usage = { prompt_tokens: counts.input, completion_tokens: counts.output };
  return chatToolAnswer(request, usage) ?? openAIAnswer(text, usage);
}

interface ChatBody {
  tools?: Array<{ function?: { name?: string; parameters?: { required?: string[] } } }>;
  messages?: Array<{ role?: string; content?: unknown }>;
}

/**
 * With tools, the stand-in behaves like a model that uses them (Chat Completions only): it calls
 * the first tool, filling each required argument with the last capitalised word of the question
 * ("Paris" in "Weather in Paris?"), and once the result is back it answers from it.
 */
function chatToolAnswer(
  request: RecordedRequest,
  usage: { prompt_tokens: number; completion_tokens: number },
): ScriptedResponse | undefined {
  const body = (request.json ?? {}) as ChatBody;
  const tool = body.tools?.[0]?.function;
  const last = body.messages?.at(-1);
  if (tool?.name === undefined) return undefined;
  if (last?.role === 'tool') {
    return openAIAnswer(`The ${tool.name} tool answered: ${String(last.content)}`, usage);
  }
  const word = [...lastMessageText(request).matchAll(/\b[A-Z][a-z]+\b/g)].at(-1)?.[0] ?? 'Paris';
  const input = Object.fromEntries((tool.parameters?.required ?? []).map((name) => [name, word]));
  const id = `call_standin${request.body.length.toString(36)}`;
  return {
    headers: SSE_HEADERS,
    body: openAISse(
      openAIToolCallChunks([{ id, name: tool.name, input }], { style: 'fragments', usage }),
    ),
    gapMs: 20,
  };
}

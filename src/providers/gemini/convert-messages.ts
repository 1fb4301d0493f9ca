import { splitSystem } from '../../llm/messages.js';
import type { AssistantMessage, Message, ToolMessage, UserMessage } from '../../messages.js';
import { geminiMediaPart } from './media.js';
import { readGeminiData } from './provider-data.js';

type GeminiPart = Record<string, unknown>;

/** One turn of a generateContent request. */
interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/** The prompt fields of a generateContent body. */
export interface GeminiPrompt {
  /** The system text: Gemini has no system role. */
  systemInstruction?: { parts: Array<{ text: string }> };
  /** The conversation, one content per turn. */
  contents: GeminiContent[];
}

/**
 * Google's documented stand-in for a `thoughtSignature` the client does not have (a history
 * written by hand or by another provider). Gemini 3 refuses a function call turn without one.
 */
export const SKIP_SIGNATURE_VALIDATOR = 'skip_thought_signature_validator';

/**
 * Our messages as Gemini contents: system text in `systemInstruction`, user and tool messages
 * as `user` turns, assistant messages as `model` turns with their parts in order and each
 * part's `thoughtSignature` on that same part. A tool call's id goes back only when it is the
 * id Gemini gave (in `functionCall` and in its `functionResponse`); made-up ids never do.
 */
export function geminiPrompt(messages: readonly Message[], model: string): GeminiPrompt {
  const { system, conversation } = splitSystem(messages);
  const prompt: GeminiPrompt = { contents: [] };
  if (system !== undefined) prompt.systemInstruction = { parts: [{ text: system }] };
  const contents = prompt.contents;
  // Our ids of the calls whose id came from Gemini (sent back with their results).
  const geminiIds = new Set<string>();
  const signaturesRequired = requiresCallSignatures(model);
  let previous: Message['role'] | undefined;
  for (const message of conversation) {
    switch (message.role) {
      case 'user':
        contents.push({ role: 'user', parts: userParts(message.content) });
        break;
      case 'assistant': {
        const parts = modelParts(message.content, geminiIds, signaturesRequired);
        // A turn of only unsigned reasoning has nothing for Gemini; an empty turn is refused.
        if (parts.length > 0) contents.push({ role: 'model', parts });
        break;
      }
      case 'tool': {
        const parts = functionResponses(message.content, geminiIds);
        // Gemini matches a model turn's calls with the responses of the one content after it:
        // results given as several tool messages in a row go back as one turn.
        const last = contents.at(-1);
        if (previous === 'tool' && last !== undefined) last.parts.push(...parts);
        else contents.push({ role: 'user', parts });
        break;
      }
    }
    previous = message.role;
  }
  return prompt;
}

function userParts(content: UserMessage['content']): GeminiPart[] {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part) =>
    part.type === 'text' ? { text: part.text } : geminiMediaPart(part),
  );
}

/**
 * An assistant message's parts for a `model` turn. Text keeps its signature. Reasoning goes back
 * only when it carries a Gemini signature (as a `thought: true` part): Gemini restores its
 * reasoning from signatures, so an unsigned summary (or another provider's reasoning) would only
 * be sent back as if it were Gemini's own thoughts. The first call of a run of calls carries the
 * signature; where a Gemini 3 model needs one and the message has none, the documented
 * stand-in is sent instead of a request Gemini would refuse.
 */
function modelParts(
  content: AssistantMessage['content'],
  geminiIds: Set<string>,
  signaturesRequired: boolean,
): GeminiPart[] {
  if (typeof content === 'string') return [{ text: content }];
  const parts: GeminiPart[] = [];
  let previousType: string | undefined;
  for (const part of content) {
    const { thoughtSignature, id } = readGeminiData(part.providerData);
    const signature = thoughtSignature !== undefined ? { thoughtSignature } : {};
    switch (part.type) {
      case 'text':
        // An empty text part carries nothing unless it holds a signature.
        if (part.text !== '' || thoughtSignature !== undefined) {
          parts.push({ text: part.text, ...signature });
        }
        break;
      case 'reasoning':
        if (thoughtSignature !== undefined) {
          parts.push({ text: part.text, thought: true, thoughtSignature });
        }
        break;
      case 'tool-call': {
        const functionCall: Record<string, unknown> = { name: part.name, args: part.input ?? {} };
        if (id !== undefined && id === part.id) {
          functionCall.id = id;
          geminiIds.add(id);
        }
        const firstOfRun = previousType !== 'tool-call';
        const standIn =
          thoughtSignature === undefined && firstOfRun && signaturesRequired
            ? { thoughtSignature: SKIP_SIGNATURE_VALIDATOR }
            : {};
        parts.push({ functionCall, ...signature, ...standIn });
        break;
      }
    }
    previousType = part.type;
  }
  return parts;
}

/**
 * Tool results as `functionResponse` parts. `response` must be an object: the output under
 * `output`, or under `error` for a failed call (Gemini's error convention).
 */
function functionResponses(results: ToolMessage['content'], geminiIds: Set<string>): GeminiPart[] {
  return results.map((result) => {
    const response = result.isError === true ? { error: result.output } : { output: result.output };
    const functionResponse: Record<string, unknown> = { name: result.name, response };
    if (geminiIds.has(result.id)) functionResponse.id = result.id;
    return { functionResponse };
  });
}

/**
 * Whether the model validates function call signatures: Gemini 3 and later (ids such as
 * `gemini-3-pro-preview`, `models/gemini-3.1-flash`). Older models ignore signatures, and an
 * alias without a version is left alone rather than sent a stand-in it may not accept.
 */
function requiresCallSignatures(model: string): boolean {
  const version = /(?:^|\/)gemini-(\d+)/.exec(model);
  return version !== null && Number(version[1]) >= 3;
}

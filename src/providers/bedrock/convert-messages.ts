import type { Message, ReasoningPart, ToolCallPart, ToolResultPart } from '../../messages.js';
import { ownData, toolOutputText } from '../parts.js';
import { converseMediaBlock } from './media.js';

/** One Converse content block: `{text}`, `{toolUse}`, `{toolResult}`, `{reasoningContent}`. */
export type ConverseBlock = Record<string, unknown>;

/** One Converse message. Converse knows only these two roles, and they must alternate. */
export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseBlock[];
}

type Conversation = ReadonlyArray<Exclude<Message, { role: 'system' }>>;

/**
 * Our conversation (system messages already taken out) as Converse messages:
 * - user text as `{text}` blocks, images as `{image}` and files as `{document}` blocks (bytes);
 * - assistant parts in order: reasoning as `reasoningContent` (only reasoning that carries
 *   Bedrock's own state, see {@link reasoningBlock}), text, tool calls as `toolUse` with the
 *   input as an object;
 * - a `tool` message as a **user** message of `toolResult` blocks.
 *
 * Converse refuses two messages of the same role in a row, so neighbours of one role are merged
 * (tool results and the user's next words end up in one user message, results first).
 */
export function converseMessages(conversation: Conversation): ConverseMessage[] {
  const wire: ConverseMessage[] = [];
  const documents = { count: 0 };
  for (const message of conversation) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = contentBlocks(message, documents);
    // A message left with no block (say, only unsigned reasoning) is dropped: Converse refuses
    // empty content, and its neighbours then merge as usual.
    if (blocks.length === 0) continue;
    const previous = wire.at(-1);
    if (previous?.role === role) previous.content.push(...blocks);
    else wire.push({ role, content: blocks });
  }
  return wire;
}

/** `documents` counts the request's documents, to name those without a filename. */
function contentBlocks(
  message: Conversation[number],
  documents: { count: number },
): ConverseBlock[] {
  if (message.role === 'tool') return message.content.map(toolResultBlock);
  if (typeof message.content === 'string') return [{ text: message.content }];
  const blocks: ConverseBlock[] = [];
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        // Converse refuses blank text blocks; an empty text part says nothing anyway.
        if (part.text !== '') blocks.push({ text: part.text });
        break;
      case 'reasoning': {
        const block = reasoningBlock(part);
        if (block) blocks.push(block);
        break;
      }
      case 'tool-call':
        blocks.push(toolUseBlock(part));
        break;
      case 'image':
        blocks.push(converseMediaBlock(part, documents.count));
        break;
      case 'file':
        blocks.push(converseMediaBlock(part, ++documents.count));
        break;
    }
  }
  return blocks;
}

/**
 * Reasoning goes back exactly as Bedrock streamed it: the text with its `signature`, or the
 * `redactedContent` blob, byte for byte (Claude checks them and wants them before the `toolUse`
 * they led to). Reasoning without Bedrock state (another provider's, or written by hand) is not
 * sent: Claude refuses unsigned thinking, and other models do not need their reasoning back.
 */
function reasoningBlock(part: ReasoningPart): ConverseBlock | undefined {
  const state = ownData(part.providerData, 'bedrock');
  if (typeof state?.signature === 'string') {
    return { reasoningContent: { reasoningText: { text: part.text, signature: state.signature } } };
  }
  if (typeof state?.redactedContent === 'string') {
    return { reasoningContent: { redactedContent: state.redactedContent } };
  }
  return undefined;
}

function toolUseBlock(part: ToolCallPart): ConverseBlock {
  return { toolUse: { toolUseId: part.id, name: part.name, input: part.input ?? {} } };
}

/**
 * A `toolResult` block. A JSON object goes as a `{json}` item; anything else as `{text}`
 * (strings as they are, other values as JSON text), because Converse accepts only objects in
 * `json`. `status: 'error'` marks a failed tool; a success has no status, which the API reads
 * as success: only some models take the field, so the common case does not depend on it.
 */
function toolResultBlock(part: ToolResultPart): ConverseBlock {
  const { output } = part;
  const item = isJsonObject(output) ? { json: output } : { text: toolOutputText(output) };
  const result: Record<string, unknown> = { toolUseId: part.id, content: [item] };
  if (part.isError === true) result.status = 'error';
  return { toolResult: result };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

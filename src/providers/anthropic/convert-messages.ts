import type { AssistantMessage, Message, ToolResultPart, UserMessage } from '../../messages.js';
import { toolOutputText } from '../parts.js';
import { anthropicMediaBlock } from './media.js';
import { reasoningData } from './provider-data.js';

/** A Messages API content block. */
export type AnthropicBlock = Record<string, unknown>;

/** A Messages API message: the API has only these two roles (system is a top-level field). */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  /** A string stays a string (the plain-text request is unchanged); parts become blocks. */
  content: string | AnthropicBlock[];
}

/**
 * Our conversation (system messages already taken out) as Messages API messages. Assistant
 * parts become blocks in their order: `thinking` (text and signature) and `redacted_thinking`
 * before the `tool_use` blocks they preceded, `text`, `tool_use` (input as an object). A
 * `tool` message becomes a user message of `tool_result` blocks. The API wants the roles to
 * alternate, so neighbours that map to the same role are merged into one message, with the
 * tool results first (they must come before any text of the message that answers the calls).
 */
export function anthropicMessages(
  conversation: ReadonlyArray<Exclude<Message, { role: 'system' }>>,
): AnthropicMessage[] {
  const wire: AnthropicMessage[] = [];
  for (const message of conversation) {
    const next = wireMessage(message);
    if (next === undefined) continue;
    const previous = wire.at(-1);
    if (previous?.role === next.role) previous.content = merged(previous.content, next.content);
    else wire.push(next);
  }
  return wire;
}

function wireMessage(message: Exclude<Message, { role: 'system' }>): AnthropicMessage | undefined {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: userContent(message.content) };
    case 'assistant':
      return assistantMessage(message.content);
    case 'tool':
      return { role: 'user', content: message.content.map(toolResultBlock) };
  }
}

function userContent(content: UserMessage['content']): string | AnthropicBlock[] {
  if (typeof content === 'string') return content;
  return content.map((part) =>
    part.type === 'text' ? { type: 'text', text: part.text } : anthropicMediaBlock(part),
  );
}

/**
 * An assistant turn as blocks. A reasoning part goes back only with Anthropic state: a signed
 * `thinking` block or a `redacted_thinking` block. Reasoning without it (from another
 * provider, or typed by hand) is dropped: the API refuses a thinking block without its
 * signature. A turn left with no block at all is dropped too (the API refuses empty content).
 */
function assistantMessage(content: AssistantMessage['content']): AnthropicMessage | undefined {
  if (typeof content === 'string') return { role: 'assistant', content };
  const blocks: AnthropicBlock[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'reasoning': {
        const { signature, redactedData } = reasoningData(part.providerData);
        if (redactedData !== undefined) {
          blocks.push({ type: 'redacted_thinking', data: redactedData });
        } else if (signature !== undefined) {
          blocks.push({ type: 'thinking', thinking: part.text, signature });
        }
        break;
      }
      case 'text':
        blocks.push({ type: 'text', text: part.text });
        break;
      case 'tool-call':
        blocks.push({ type: 'tool_use', id: part.id, name: part.name, input: part.input ?? {} });
        break;
    }
  }
  return blocks.length > 0 ? { role: 'assistant', content: blocks } : undefined;
}

function toolResultBlock(result: ToolResultPart): AnthropicBlock {
  return {
    type: 'tool_result',
    tool_use_id: result.id,
    content: toolOutputText(result.output),
    is_error: result.isError === true,
  };
}

/** Two neighbours of the same role as one content list, tool results first. */
function merged(
  first: string | AnthropicBlock[],
  second: string | AnthropicBlock[],
): AnthropicBlock[] {
  const blocks = [...asBlocks(first), ...asBlocks(second)];
  const results = blocks.filter((block) => block.type === 'tool_result');
  if (results.length === 0 || results.length === blocks.length) return blocks;
  return [...results, ...blocks.filter((block) => block.type !== 'tool_result')];
}

function asBlocks(content: string | AnthropicBlock[]): AnthropicBlock[] {
  // An empty string adds nothing (the API refuses empty text blocks).
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content;
}

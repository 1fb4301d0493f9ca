import type { Message, TextPart } from '../../messages.js';
import { ownData, reasoningText, toolOutputText } from '../parts.js';
import { chatMediaPart } from './media.js';
import type { ChatCompletionsDialect } from './presets.js';

type ChatMessage = Record<string, unknown>;

/**
 * Our messages as Chat Completions messages. An assistant turn's tool calls become `tool_calls`
 * (arguments as a JSON string) beside its text; each tool result is its own `role: "tool"`
 * message; reasoning goes back only where the vendor wants it (the dialect's `reasoningField`,
 * always on turns with tool calls, which DeepSeek requires; OpenRouter's `reasoning_details`).
 */
export function chatMessages(
  messages: readonly Message[],
  dialect: ChatCompletionsDialect,
): ChatMessage[] {
  const wire: ChatMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        wire.push({ role: 'system', content: message.content });
        break;
      case 'user':
        wire.push({ role: 'user', content: userContent(message.content, dialect) });
        break;
      case 'assistant':
        wire.push(assistantMessage(message.content, dialect));
        break;
      case 'tool':
        for (const result of message.content) {
          const toolMessage: ChatMessage = {
            role: 'tool',
            tool_call_id: result.id,
            content: toolOutputText(result.output),
          };
          if (dialect.toolResultName) toolMessage.name = result.name;
          wire.push(toolMessage);
        }
        break;
    }
  }
  return wire;
}

function userContent(
  content: Extract<Message, { role: 'user' }>['content'],
  dialect: ChatCompletionsDialect,
): string | ChatMessage[] {
  if (typeof content === 'string') return content;
  return content.map((part, position) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : chatMediaPart(part, dialect, position),
  );
}

function assistantMessage(
  content: Extract<Message, { role: 'assistant' }>['content'],
  dialect: ChatCompletionsDialect,
): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const text = content
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');
  const toolCalls = content.flatMap((part) =>
    part.type === 'tool-call'
      ? [
          {
            id: part.id,
            type: 'function',
            function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) },
          },
        ]
      : [],
  );
  // A turn of only tool calls has `content: null`, as the API itself returns it.
  const message: ChatMessage = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const reasoning = reasoningText(content);
  if (dialect.reasoningField && (reasoning !== '' || toolCalls.length > 0)) {
    message[dialect.reasoningField] = reasoning;
  }
  const details = content.flatMap((part) => {
    const data = part.type === 'reasoning' ? ownData(part.providerData, 'openrouter') : undefined;
    return Array.isArray(data?.reasoningDetails) ? (data.reasoningDetails as unknown[]) : [];
  });
  if (details.length > 0) message.reasoning_details = details;
  return message;
}

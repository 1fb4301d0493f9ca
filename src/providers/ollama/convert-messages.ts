import type {
  AssistantMessage,
  ImagePart,
  Message,
  ToolCallPart,
  UserMessage,
} from '../../messages.js';
import { wireMedia } from '../media.js';
import { ownData, reasoningText, toolOutputText, unsupportedPart } from '../parts.js';

/** One `/api/chat` message (Ollama's `api.Message`: content is always a string). */
export type OllamaMessage = Record<string, unknown>;

/**
 * Our messages as `/api/chat` messages. System messages stay in the list; an assistant turn
 * becomes `content`, `thinking` (its reasoning, which Ollama's templates render back) and
 * `tool_calls` with object arguments; each tool result is its own `role: "tool"` message named
 * by `tool_name`. Ollama has no error flag for a result: a failed tool's output says so in
 * words. A call id goes back only where Ollama sent it (then the result carries it as
 * `tool_call_id`); ids we made up, or that another provider gave, never reach Ollama.
 */
export function ollamaMessages(messages: readonly Message[]): OllamaMessage[] {
  const ollamaIds = idsOllamaSent(messages);
  const wire: OllamaMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        wire.push({ role: 'system', content: message.content });
        break;
      case 'user':
        wire.push(userMessage(message.content));
        break;
      case 'assistant':
        wire.push(assistantMessage(message.content));
        break;
      case 'tool':
        for (const result of message.content) {
          const toolMessage: OllamaMessage = {
            role: 'tool',
            content: toolOutputText(result.output),
            tool_name: result.name,
          };
          if (ollamaIds.has(result.id)) toolMessage.tool_call_id = result.id;
          wire.push(toolMessage);
        }
        break;
    }
  }
  return wire;
}

/** The id Ollama gave a call, as the stream parser stored it (`providerData.ollama.id`). */
function ollamaCallId(part: ToolCallPart): string | undefined {
  const id = ownData(part.providerData, 'ollama')?.id;
  // An id that no longer matches the part's (the caller renamed the call) is not Ollama's.
  return id === part.id ? id : undefined;
}

/** Ids of the conversation's calls that Ollama itself sent: only those go back on the wire. */
function idsOllamaSent(messages: readonly Message[]): Set<string> {
  const ids = new Set<string>();
  for (const message of messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      const id = part.type === 'tool-call' ? ollamaCallId(part) : undefined;
      if (id !== undefined) ids.add(id);
    }
  }
  return ids;
}

/**
 * Ollama's user content is one string: text parts joined. Images go beside it in `images`, as
 * bare base64 (URLs were downloaded by the pipeline: Ollama takes none). No file input.
 */
function userMessage(content: UserMessage['content']): OllamaMessage {
  if (typeof content === 'string') return { role: 'user', content };
  let text = '';
  const images: string[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'file') throw unsupportedPart('ollama', part);
    else images.push(inlineBase64(part));
  }
  return images.length > 0
    ? { role: 'user', content: text, images }
    : { role: 'user', content: text };
}

/** The image's base64 (the pipeline downloaded any URL, since Ollama's spec takes none). */
function inlineBase64(part: ImagePart): string {
  const { base64 } = wireMedia(part);
  if (base64 === undefined) throw unsupportedPart('ollama', part);
  return base64;
}

function assistantMessage(content: AssistantMessage['content']): OllamaMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const toolCalls: OllamaMessage[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    if (part.type !== 'tool-call') continue;
    // Ollama's `arguments` is an object (Go: an ordered map), never JSON text.
    const call: OllamaMessage = { function: { name: part.name, arguments: part.input ?? {} } };
    const id = ollamaCallId(part);
    toolCalls.push(id !== undefined ? { id, ...call } : call);
  }
  const message: OllamaMessage = { role: 'assistant', content: text };
  const thinking = reasoningText(content);
  if (thinking !== '') message.thinking = thinking;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

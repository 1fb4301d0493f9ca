import type { AssistantMessage, Message, ToolResultPart, UserMessage } from '../../messages.js';
import { urlOrDataUrl, wireMedia } from '../media.js';
import { toolOutputText, unsupportedPart } from '../parts.js';
import { cohereReasoningKind } from './reasoning-kind.js';

type ChatV2Message = Record<string, unknown>;

type AssistantContentItem = { type: 'text'; text: string } | { type: 'thinking'; thinking: string };

/**
 * Our messages as Chat v2 messages. The system prompt stays a `system` message where it stands.
 * An assistant turn's calls become `tool_calls` (arguments as a JSON string) with the turn's
 * `tool_plan` beside them, and its thinking goes back as `thinking` content items; each tool
 * result is its own `role: "tool"` message.
 */
export function chatV2Messages(messages: readonly Message[]): ChatV2Message[] {
  const wire: ChatV2Message[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        wire.push({ role: 'system', content: message.content });
        break;
      case 'user':
        wire.push({ role: 'user', content: userContent(message.content) });
        break;
      case 'assistant':
        wire.push(assistantMessage(message.content));
        break;
      case 'tool':
        for (const result of message.content) wire.push(toolMessage(result));
        break;
    }
  }
  return wire;
}

/** Text, and images as `image_url` (a URL or a data URL); Chat v2 has no file input. */
function userContent(content: UserMessage['content']): string | ChatV2Message[] {
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'file') throw unsupportedPart('cohere', part);
    return { type: 'image_url', image_url: { url: urlOrDataUrl(wireMedia(part)) } };
  });
}

/**
 * `{role, tool_plan?, tool_calls?, content?}`. Reasoning goes back only where it came from
 * Cohere (marked by the stream): the tool plan as `tool_plan`, sent only beside the calls it
 * planned; thinking as `thinking` items. Reasoning another provider wrote has no place in
 * Cohere's history and is not sent.
 */
function assistantMessage(content: AssistantMessage['content']): ChatV2Message {
  if (typeof content === 'string') return { role: 'assistant', content };
  const items: AssistantContentItem[] = [];
  const toolCalls: ChatV2Message[] = [];
  let toolPlan = '';
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text !== '') items.push({ type: 'text', text: part.text });
    } else if (part.type === 'reasoning') {
      const kind = cohereReasoningKind(part);
      if (kind === 'tool_plan') toolPlan += part.text;
      else if (kind === 'thinking' && part.text !== '') {
        items.push({ type: 'thinking', thinking: part.text });
      }
    } else {
      toolCalls.push({
        id: part.id,
        type: 'function',
        function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) },
      });
    }
  }
  const message: ChatV2Message = { role: 'assistant' };
  if (toolCalls.length > 0) {
    if (toolPlan !== '') message.tool_plan = toolPlan;
    message.tool_calls = toolCalls;
    if (items.length > 0) message.content = items;
  } else {
    message.content = items.length > 0 ? items : '';
  }
  return message;
}

/**
 * One `role: "tool"` message per result, its content a string: a string output as it is, any
 * other value as JSON. Cohere has no error flag, so a failed call's output is sent as the JSON
 * object `{"error": output}`, which the model reads as a failure.
 */
function toolMessage(result: ToolResultPart): ChatV2Message {
  // A tool that returned nothing (undefined) still needs content: JSON null says "no result".
  const output = result.output ?? null;
  return {
    role: 'tool',
    tool_call_id: result.id,
    content: result.isError ? JSON.stringify({ error: output }) : toolOutputText(output),
  };
}

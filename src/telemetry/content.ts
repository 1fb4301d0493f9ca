/**
 * Messages in the shapes of the OpenTelemetry GenAI conventions (`gen_ai.system_instructions`,
 * `gen_ai.input.messages`, `gen_ai.output.messages`: arrays of `{ role, parts }` with `text`,
 * `reasoning`, `tool_call`, `tool_call_response`, `blob` and `file_data` parts), as JSON text:
 * span attributes cannot hold nested objects yet. Used only with `recordContent: true`.
 */
import type { LLMResponse } from '../events.js';
import type { FilePart, ImagePart, Message } from '../messages.js';
import { genAiFinishReason } from './attributes.js';

type GenAiPart = Record<string, unknown>;

/** The system messages' text, as `gen_ai.system_instructions`; undefined when there is none. */
export function systemInstructions(messages: Message[]): string | undefined {
  const parts = messages
    .filter((message) => message.role === 'system')
    .map((message) => ({ type: 'text', content: message.content }));
  return parts.length > 0 ? JSON.stringify(parts) : undefined;
}

/** Every other message, in order, as `gen_ai.input.messages`. */
export function inputMessages(messages: Message[]): string {
  const converted = messages
    .filter((message) => message.role !== 'system')
    .map((message) => ({ role: message.role, parts: partsOf(message) }));
  return JSON.stringify(converted);
}

/** The model's final answer (last step), as `gen_ai.output.messages`. */
export function outputMessages(response: Omit<LLMResponse, 'model' | 'provider'>): string {
  const parts: GenAiPart[] = [];
  if (response.reasoning !== '') parts.push({ type: 'reasoning', content: response.reasoning });
  if (response.text !== '') parts.push({ type: 'text', content: response.text });
  for (const call of response.toolCalls) {
    parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.input });
  }
  const finishReason = genAiFinishReason(response.finishReason);
  return JSON.stringify([{ role: 'assistant', parts, finish_reason: finishReason }]);
}

/** A value (tool arguments or result) as an attribute: strings as they are, the rest as JSON. */
export function asAttribute(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
}

function partsOf(message: Message): GenAiPart[] {
  if (typeof message.content === 'string') return [{ type: 'text', content: message.content }];
  return message.content.map((part): GenAiPart => {
    switch (part.type) {
      case 'text':
        return { type: 'text', content: part.text };
      case 'reasoning':
        return { type: 'reasoning', content: part.text };
      case 'tool-call':
        return { type: 'tool_call', id: part.id, name: part.name, arguments: part.input };
      case 'tool-result':
        return { type: 'tool_call_response', id: part.id, response: part.output };
      case 'image':
        return mediaPart(part.image, part.mediaType, 'image');
      case 'file':
        return mediaPart(part.data, part.mediaType, modalityOf(part));
    }
  });
}

/**
 * A URL as a `file_data` part; inline data (a `data:` URL, base64 or bytes) as a `blob` part
 * with its base64 content, as the conventions define it. Large files make large attributes:
 * the OpenTelemetry SDK's attribute length limit (`spanLimits`) can cut them.
 */
function mediaPart(
  data: ImagePart['image'],
  mediaType: string | undefined,
  modality: string,
): GenAiPart {
  const mimeType = mediaType ?? null;
  if (data instanceof Uint8Array) {
    return {
      type: 'blob',
      modality,
      mime_type: mimeType,
      content: Buffer.from(data).toString('base64'),
    };
  }
  const text = data.toString();
  const dataUrl = /^data:([^;,]*)(?:;[^,]*)?,(.*)$/s.exec(text);
  if (dataUrl) {
    return {
      type: 'blob',
      modality,
      mime_type: mimeType ?? dataUrl[1] ?? null,
      content: dataUrl[2],
    };
  }
  if (data instanceof URL || /^https?:\/\//i.test(text)) {
    return { type: 'file_data', modality, mime_type: mimeType, uri: text };
  }
  return { type: 'blob', modality, mime_type: mimeType, content: text };
}

function modalityOf(part: FilePart): string {
  const kind = part.mediaType.split('/')[0] ?? '';
  return ['image', 'audio', 'video'].includes(kind) ? kind : 'document';
}

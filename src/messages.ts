/**
 * Who wrote a message: the system (instructions), the user, the model (`assistant`), or a tool
 * (the results of the model's tool calls).
 *
 * @category Messages
 */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/**
 * Opaque state a provider needs back, unchanged, in the next request: an Anthropic thinking
 * `signature` or redacted thinking, a Gemini `thoughtSignature`, Bedrock `reasoningContent`,
 * OpenRouter `reasoning_details`. The library fills it; pass returned messages back as they are.
 *
 * @category Messages
 */
export type ProviderData = Record<string, unknown>;

/**
 * A piece of text in a user or assistant message.
 *
 * @category Messages
 */
export interface TextPart {
  /** Discriminator. */
  type: 'text';
  /** The text. */
  text: string;
  /** Opaque provider state carried with this part (rare for text). */
  providerData?: ProviderData;
}

/**
 * An image in a user message: an `https:` URL or `URL`, a `data:` URL, bare base64 (then
 * `mediaType` is required) or bytes. Mapped to each provider's wire format by the
 * images-and-files support; until a provider maps it, sending one is a `ConfigError`.
 *
 * @category Messages
 */
export interface ImagePart {
  /** Discriminator. */
  type: 'image';
  /** The image: URL, `data:` URL, base64 text or bytes. */
  image: string | URL | Uint8Array;
  /** e.g. `image/png`; sniffed from the bytes when missing and possible. */
  mediaType?: string;
}

/**
 * A file (e.g. a PDF) in a user message: URL, `data:` URL, base64 text or bytes.
 *
 * @category Messages
 */
export interface FilePart {
  /** Discriminator. */
  type: 'file';
  /** The file: URL, `data:` URL, base64 text or bytes. */
  data: string | URL | Uint8Array;
  /** e.g. `application/pdf`. */
  mediaType: string;
  /** Shown to providers that take a file name. */
  filename?: string;
}

/**
 * The model's reasoning (thinking) in an assistant message, as the provider streamed it; never
 * part of the answer text. Keep it in the history you send back: several providers require
 * it (with its `providerData`) on turns that called tools.
 *
 * @category Messages
 */
export interface ReasoningPart {
  /** Discriminator. */
  type: 'reasoning';
  /** The reasoning text ('' for redacted reasoning, whose content is in `providerData`). */
  text: string;
  /** Opaque provider state: a signature, or redacted content. */
  providerData?: ProviderData;
}

/**
 * A tool call the model made, in an assistant message.
 *
 * @category Messages
 */
export interface ToolCallPart {
  /** Discriminator. */
  type: 'tool-call';
  /** The provider's call id, kept byte for byte; made up (`call_...`) where it sent none. */
  id: string;
  /** The tool's name. */
  name: string;
  /** The parsed arguments (`{}` when the model sent none). */
  input: unknown;
  /** Opaque provider state for this call (e.g. Gemini's `thoughtSignature`). */
  providerData?: ProviderData;
}

/**
 * The result of one tool call, in a `tool` message; `id` and `name` are the call's.
 *
 * @category Messages
 */
export interface ToolResultPart {
  /** Discriminator. */
  type: 'tool-result';
  /** The id of the call this answers. */
  id: string;
  /** The tool's name. */
  name: string;
  /** What the tool returned: any JSON value (a string is sent as it is). */
  output: unknown;
  /** True when the tool failed; `output` then explains the failure to the model. */
  isError?: boolean;
}

/**
 * The system prompt. A system message in the list wins over the config's `systemPrompt`.
 *
 * @category Messages
 */
export interface SystemMessage {
  /** Discriminator. */
  role: 'system';
  /** The instructions. */
  content: string;
}

/**
 * What the user said: text, or parts (text, images, files).
 *
 * @category Messages
 */
export interface UserMessage {
  /** Discriminator. */
  role: 'user';
  /** Text, or a list of parts. */
  content: string | Array<TextPart | ImagePart | FilePart>;
}

/**
 * What the model answered: text, or parts (text, reasoning, tool calls).
 *
 * @category Messages
 */
export interface AssistantMessage {
  /** Discriminator. */
  role: 'assistant';
  /** Text, or a list of parts. */
  content: string | Array<TextPart | ReasoningPart | ToolCallPart>;
}

/**
 * The results of the tool calls of the assistant message before it.
 *
 * @category Messages
 */
export interface ToolMessage {
  /** Discriminator. */
  role: 'tool';
  /** One result per call. */
  content: ToolResultPart[];
}

/**
 * One chat message. `content: string` works for every role but `tool`; parts carry images,
 * files, reasoning, tool calls and tool results.
 *
 * @example
 * ```ts
 * const messages: Message[] = [
 *   { role: 'system', content: 'Answer in one sentence.' },
 *   { role: 'user', content: 'What is SSE?' },
 * ];
 * ```
 *
 * @category Messages
 */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/**
 * What the event and response methods accept: a string is one user message (the config's
 * `systemPrompt` goes first), a list is a whole conversation.
 *
 * @category Messages
 */
export type LLMInput = string | Message[];

/** Any part a message can hold. */
export type MessagePart =
  TextPart | ImagePart | FilePart | ReasoningPart | ToolCallPart | ToolResultPart;

import { ConfigError } from '../errors.js';
import type { LLMInput, Message, MessagePart, Role } from '../messages.js';

const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool'];

/** The part types each role may hold in a `content` array. */
const PARTS_BY_ROLE: Record<Role, ReadonlyArray<MessagePart['type']>> = {
  system: [],
  user: ['text', 'image', 'file'],
  assistant: ['text', 'reasoning', 'tool-call'],
  tool: ['tool-result'],
};

/** A string is one user message; a list is checked as a conversation. */
export function messagesFromInput(input: LLMInput): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (Array.isArray(input)) return validateMessages(input);
  throw new ConfigError(
    `input must be a prompt string or an array of messages (got ${describe(input)}).`,
    'input',
  );
}

/** Check a caller's message list; every problem is a ConfigError naming the bad entry. */
export function validateMessages(messages: unknown): Message[] {
  if (!Array.isArray(messages)) {
    throw new ConfigError(
      `messages must be an array of { role, content } objects (got ${describe(messages)}).`,
      'messages',
    );
  }
  if (messages.length === 0) {
    throw new ConfigError('messages must contain at least one message.', 'messages');
  }
  return messages.map((message: unknown, index) => validateMessage(message, `messages[${index}]`));
}

function validateMessage(message: unknown, field: string): Message {
  if (message === null || typeof message !== 'object') {
    throw new ConfigError(`${field} must be an object with role and content.`, field);
  }
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new ConfigError(
      `${field}.role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role) ?? 'undefined'}).`,
      `${field}.role`,
    );
  }
  const allowed = PARTS_BY_ROLE[role as Role];
  if (typeof content === 'string' && role !== 'tool') return { role, content } as Message;
  if (!Array.isArray(content) || allowed.length === 0) {
    const expected =
      role === 'system'
        ? 'a string'
        : role === 'tool'
          ? 'an array of tool-result parts'
          : `a string or an array of parts (${allowed.join(', ')})`;
    throw new ConfigError(
      `${field}.content must be ${expected} (got ${describe(content)}).`,
      `${field}.content`,
    );
  }
  if (role === 'tool' && content.length === 0) {
    throw new ConfigError(`${field}.content must hold at least one tool-result part.`, field);
  }
  content.forEach((part: unknown, index) =>
    validatePart(part, allowed, `${field}.content[${index}]`),
  );
  return { role, content: [...(content as MessagePart[])] } as Message;
}

function validatePart(part: unknown, allowed: ReadonlyArray<string>, field: string): void {
  const type = (part as { type?: unknown } | null)?.type;
  if (part === null || typeof part !== 'object' || typeof type !== 'string') {
    throw new ConfigError(`${field} must be a part object with a type.`, field);
  }
  if (!allowed.includes(type)) {
    throw new ConfigError(
      `${field} has type ${JSON.stringify(type)}, which this role cannot hold (allowed: ${allowed.join(', ')}).`,
      `${field}.type`,
    );
  }
  const record = part as Record<string, unknown>;
  const need = (name: string, ok: boolean, what: string): void => {
    if (!ok) throw new ConfigError(`${field}.${name} must be ${what}.`, `${field}.${name}`);
  };
  switch (type) {
    case 'text':
    case 'reasoning':
      need('text', typeof record.text === 'string', 'a string');
      break;
    case 'tool-call':
      need('id', typeof record.id === 'string' && record.id !== '', 'a non-empty string');
      need('name', typeof record.name === 'string' && record.name !== '', 'a non-empty string');
      break;
    case 'tool-result':
      need('id', typeof record.id === 'string' && record.id !== '', 'a non-empty string');
      need('name', typeof record.name === 'string' && record.name !== '', 'a non-empty string');
      need('output', record.output !== undefined, 'defined (any JSON value)');
      break;
    case 'image':
      need(
        'image',
        isBinarySource(record.image),
        'a URL, a data: URL, base64 text or a Uint8Array',
      );
      break;
    case 'file':
      need('data', isBinarySource(record.data), 'a URL, a data: URL, base64 text or a Uint8Array');
      need('mediaType', typeof record.mediaType === 'string', 'a string such as application/pdf');
      break;
  }
  const data = record.providerData;
  need(
    'providerData',
    data === undefined || (data !== null && typeof data === 'object' && !Array.isArray(data)),
    'an object when present',
  );
}

function isBinarySource(value: unknown): boolean {
  return typeof value === 'string' || value instanceof URL || value instanceof Uint8Array;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The list the provider sees: a system message already in the list wins; without one the
 * configured system prompt goes first (an empty system prompt adds nothing).
 */
export function withSystemPrompt(messages: Message[], systemPrompt: string): Message[] {
  if (messages.some((message) => message.role === 'system') || systemPrompt === '') return messages;
  return [{ role: 'system', content: systemPrompt }, ...messages];
}

/** Split a list into the system text (joined) and the conversation, for APIs with a separate system field. */
export function splitSystem(messages: readonly Message[]): {
  system: string | undefined;
  conversation: Array<Exclude<Message, { role: 'system' }>>;
} {
  const systemParts: string[] = [];
  const conversation: Array<Exclude<Message, { role: 'system' }>> = [];
  for (const message of messages) {
    if (message.role === 'system') systemParts.push(message.content);
    else conversation.push(message);
  }
  return {
    system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined,
    conversation,
  };
}

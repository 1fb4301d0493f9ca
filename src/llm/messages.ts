import { ConfigError } from '../errors.js';
import type { Message, Role } from '../types.js';

const ROLES: readonly Role[] = ['system', 'user', 'assistant'];

/** Check a caller's message list; every problem is a ConfigError naming the bad entry. */
export function validateMessages(messages: unknown): Message[] {
  if (!Array.isArray(messages)) {
    throw new ConfigError(
      `messages must be an array of { role, content } objects (got ${messages === null ? 'null' : typeof messages}).`,
      'messages',
    );
  }
  if (messages.length === 0) {
    throw new ConfigError('messages must contain at least one message.', 'messages');
  }
  return messages.map((message: unknown, index) => {
    const field = `messages[${index}]`;
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
    if (typeof content !== 'string') {
      throw new ConfigError(
        `${field}.content must be a string (got ${content === null ? 'null' : typeof content}).`,
        `${field}.content`,
      );
    }
    return { role: role as Role, content };
  });
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
  conversation: Message[];
} {
  const systemParts = messages.filter((m) => m.role === 'system').map((m) => m.content);
  return {
    system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined,
    conversation: messages.filter((m) => m.role !== 'system'),
  };
}

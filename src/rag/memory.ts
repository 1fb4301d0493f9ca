import { ConfigError } from '../errors.js';
import type { Message } from '../messages.js';

/**
 * A turn-taker in the conversation memory (system text is never remembered).
 *
 * @category RAG
 */
export type ConversationRole = 'user' | 'assistant';

/**
 * The last `window` question/answer turns of a conversation, oldest first. A {@link RAG} adds
 * each answered question to it and sends it with the next question.
 *
 * @category RAG
 */
export class ConversationMemory {
  /** Turns kept (each turn is a user and an assistant message). */
  readonly window: number;
  #messages: Message[] = [];

  /**
   * @param window Turns kept (each turn is a user and an assistant message), default 10.
   * @throws ConfigError when `window` is not an integer >= 1.
   */
  constructor(window = 10) {
    if (typeof window !== 'number' || !Number.isInteger(window) || window < 1) {
      throw new ConfigError(
        `window must be an integer >= 1 (got ${String(window)}).`,
        'memoryWindow',
      );
    }
    this.window = window;
  }

  /** Append one message; the oldest fall out once more than `window` turns are held. */
  add(role: ConversationRole, content: string): void {
    if (role !== 'user' && role !== 'assistant') {
      throw new ConfigError(`role must be 'user' or 'assistant' (got ${String(role)}).`, 'role');
    }
    this.#messages.push({ role, content });
    const keep = this.window * 2;
    if (this.#messages.length > keep) this.#messages = this.#messages.slice(-keep);
  }

  /** A copy of the remembered messages, oldest first. */
  getMessages(): Message[] {
    return this.#messages.map((message) => ({ ...message }));
  }

  /** The messages as `User: ...` / `Assistant: ...` lines; '' when empty. */
  formatContext(): string {
    return this.#messages
      .map((message) => `${message.role === 'user' ? 'User' : 'Assistant'}: ${message.content}`)
      .join('\n');
  }

  /** Forget every message, to start a new conversation. */
  clear(): void {
    this.#messages = [];
  }

  /** Number of messages held (two per turn). */
  get length(): number {
    return this.#messages.length;
  }
}

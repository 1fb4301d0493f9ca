import type { Message } from '../messages.js';
import type { Chunk } from './documents.js';

/**
 * The system prompt of {@link RAG} and {@link RAGPipeline} when none is given: 'Answer using only
 * the provided context. If the context does not contain the answer, say so.'
 *
 * @category RAG
 */
export const DEFAULT_RAG_SYSTEM_PROMPT =
  'Answer using only the provided context. If the context does not contain the answer, say so.';

/** The context line when retrieval found nothing (an empty store, or no match). */
export const NO_CONTEXT = 'No context available.';

export interface RagPromptParts {
  systemPrompt: string;
  /** The conversation so far as `User: ...` / `Assistant: ...` lines ('' for none). */
  history: string;
  chunks: readonly Chunk[];
  question: string;
}

/**
 * The original's message layout: the system prompt; then, when there is history, the prior
 * turns as one user message acknowledged by the assistant; then the question with the chunks,
 * each wrapped in <document> tags so the model can tell where one ends.
 */
export function buildRagMessages(parts: RagPromptParts): Message[] {
  const messages: Message[] = [];
  if (parts.systemPrompt !== '') messages.push({ role: 'system', content: parts.systemPrompt });
  if (parts.history !== '') {
    messages.push(
      { role: 'user', content: `Previous conversation:\n${parts.history}` },
      { role: 'assistant', content: 'Understood.' },
    );
  }
  const context =
    parts.chunks.length === 0
      ? NO_CONTEXT
      : parts.chunks.map((chunk) => `<document>\n${chunk.text}\n</document>`).join('\n\n');
  messages.push({ role: 'user', content: `Context:\n${context}\n\nQuestion: ${parts.question}` });
  return messages;
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_RAG_SYSTEM_PROMPT } from '../../src/index.js';
import { buildRagMessages } from '../../src/rag/prompt.js';

describe('RAG prompt layout', () => {
  it('reproduces the original second-turn messages (reference §14)', () => {
    const messages = buildRagMessages({
      systemPrompt: DEFAULT_RAG_SYSTEM_PROMPT,
      history: 'User: Q1\nAssistant: AB',
      chunks: [
        { text: 'ctx1', metadata: {} },
        { text: 'ctx2', metadata: {} },
      ],
      question: 'Q2',
    });
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'Answer using only the provided context. If the context does not contain the answer, say so.',
      },
      { role: 'user', content: 'Previous conversation:\nUser: Q1\nAssistant: AB' },
      { role: 'assistant', content: 'Understood.' },
      {
        role: 'user',
        content:
          'Context:\n<document>\nctx1\n</document>\n\n<document>\nctx2\n</document>\n\nQuestion: Q2',
      },
    ]);
  });

  it('first turn without documents: no history messages, "No context available."', () => {
    expect(
      buildRagMessages({ systemPrompt: 'Be brief.', history: '', chunks: [], question: 'Why?' }),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Context:\nNo context available.\n\nQuestion: Why?' },
    ]);
  });
});

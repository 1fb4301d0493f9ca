import { describe, expect, it } from 'vitest';
import { createEmbeddings, detectEmbeddingsProvider } from '../../src/index.js';

describe('detectEmbeddingsProvider', () => {
  it.each([
    ['text-embedding-3-small', 'openai'],
    ['text-embedding-ada-002', 'openai'],
    ['embed-v4.0', 'cohere'],
    ['embed-multilingual-v3.0', 'cohere'],
    ['gemini-embedding-001', 'gemini'],
    ['models/gemini-embedding-001', 'gemini'],
    ['text-embedding-004', 'gemini'],
    ['mistral-embed', 'mistral'],
    ['amazon.titan-embed-text-v2:0', 'bedrock'],
    ['cohere.embed-v4:0', 'bedrock'],
    ['eu.cohere.embed-v4:0', 'bedrock'],
  ])('%s -> %s', (model, provider) => {
    expect(detectEmbeddingsProvider(model)).toBe(provider);
  });

  it.each(['nomic-embed-text', 'BAAI/bge-base-en-v1.5', 'all-minilm', 'mxbai-embed-large'])(
    '%s is served by several providers: not guessed, and createEmbeddings asks for provider',
    (model) => {
      expect(detectEmbeddingsProvider(model)).toBeUndefined();
      expect(() => createEmbeddings({ model })).toThrow(/pass provider, one of openai, azure/);
    },
  );

  it('an unknown provider name is a ConfigError listing the nine', () => {
    expect(() => createEmbeddings({ model: 'x', provider: 'voyage' as 'openai' })).toThrow(
      /Embeddings providers are openai, azure, mistral, together, fireworks, cohere, gemini, ollama, bedrock/,
    );
  });
});

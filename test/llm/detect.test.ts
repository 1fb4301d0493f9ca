import { describe, expect, it } from 'vitest';
import { detectProvider } from '../../src/index.js';
import { configErrorOf } from '../servers/capture.js';

describe('detectProvider', () => {
  it.each([
    ['claude-3-haiku-20240307', 'anthropic'],
    ['Claude-3-5-Sonnet', 'anthropic'],
    ['gemini-2.5-flash', 'gemini'],
    ['command-r-plus', 'cohere'],
    ['command-a-03-2025', 'cohere'],
    ['mistral-large-latest', 'mistral'],
    ['open-mistral-7b', 'mistral'],
    ['deepseek-chat', 'deepseek'],
    ['deepseek-reasoner', 'deepseek'],
    ['accounts/fireworks/models/llama-v3p1-8b-instruct', 'fireworks'],
    ['llama3-70b-8192', 'groq'],
    ['llama-3.3-70b-versatile', 'groq'],
    ['mixtral-8x7b-32768', 'groq'],
    ['gemma2-9b-it', 'groq'],
    ['GEMMA2-9B-IT', 'groq'],
    ['openai/gpt-4o-mini', 'openrouter'],
    ['anthropic/claude-sonnet-4.5', 'openrouter'],
    ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'openrouter'],
    ['gpt-4o-mini', 'openai'],
    ['o3-mini', 'openai'],
    ['sonar', 'openai'],
  ])('%s -> %s', (model, provider) => {
    expect(detectProvider(model)).toBe(provider);
  });

  it.each([[null], [undefined], [42], [''], ['  ']])(
    '%j is a ConfigError naming model, not a TypeError',
    (model) => {
      const error = configErrorOf(() => detectProvider(model as string));
      expect(error.field).toBe('model');
      expect(error.message).toMatch(/detectProvider\(model\) expects a model id/);
    },
  );
});

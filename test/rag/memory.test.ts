import { describe, expect, it } from 'vitest';
import { ConfigError, ConversationMemory } from '../../src/index.js';

describe('ConversationMemory', () => {
  it('keeps the last `window` turns (two messages each)', () => {
    const memory = new ConversationMemory(2);
    for (let turn = 1; turn <= 5; turn++) {
      memory.add('user', `Q${turn}`);
      memory.add('assistant', `A${turn}`);
    }
    expect(memory.length).toBe(4);
    expect(memory.getMessages()).toEqual([
      { role: 'user', content: 'Q4' },
      { role: 'assistant', content: 'A4' },
      { role: 'user', content: 'Q5' },
      { role: 'assistant', content: 'A5' },
    ]);
  });

  it('formats the turns as User:/Assistant: lines, "" when empty', () => {
    const memory = new ConversationMemory();
    expect(memory.window).toBe(10);
    expect(memory.formatContext()).toBe('');
    memory.add('user', 'Q1');
    memory.add('assistant', 'AB');
    expect(memory.formatContext()).toBe('User: Q1\nAssistant: AB');
  });

  it('hands out copies, and clears', () => {
    const memory = new ConversationMemory(1);
    memory.add('user', 'hi');
    const copy = memory.getMessages();
    copy[0]!.content = 'changed';
    copy.push({ role: 'assistant', content: 'x' });
    expect(memory.getMessages()).toEqual([{ role: 'user', content: 'hi' }]);
    memory.clear();
    expect(memory.length).toBe(0);
  });

  it('rejects a window below 1 and roles other than user/assistant', () => {
    expect(() => new ConversationMemory(0)).toThrow(ConfigError);
    expect(() => new ConversationMemory(1.5)).toThrow(/window must be an integer >= 1/);
    expect(() => new ConversationMemory().add('system' as 'user', 'x')).toThrow(ConfigError);
  });
});

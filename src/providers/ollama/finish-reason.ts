import type { FinishReason } from '../../events.js';

/**
 * `/api/chat` `done_reason` in the shared vocabulary. Ollama says `stop` for tool calls too; the
 * pipeline decides `tool-calls` from the calls themselves.
 */
export function ollamaFinishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    default:
      // load, unload and anything newer.
      return 'other';
  }
}

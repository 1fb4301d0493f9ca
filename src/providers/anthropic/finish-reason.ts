import type { FinishReason } from '../../events.js';

/** Messages API stop reasons in the shared vocabulary. */
export function anthropicFinishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      // pause_turn (a server tool paused the turn) and anything newer.
      return 'other';
  }
}

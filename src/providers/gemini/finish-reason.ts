import type { FinishReason } from '../../events.js';

/**
 * generateContent finish reasons (and prompt block reasons) in the shared vocabulary. Gemini has
 * no tool stop of its own: a turn with function calls says `STOP`, and the pipeline decides
 * `tool-calls` from the calls themselves.
 */
export function geminiFinishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
      return 'error';
    default:
      return 'other';
  }
}

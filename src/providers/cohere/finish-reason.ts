import type { FinishReason } from '../../events.js';

/** Chat v2 finish reasons in the shared vocabulary (ERROR and TIMEOUT are thrown before this). */
export function cohereFinishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool-calls';
    case 'ERROR':
    case 'TIMEOUT':
      return 'error';
    default:
      return 'other';
  }
}

import type { FinishReason } from '../../events.js';

/**
 * Chat Completions finish reasons in the shared vocabulary. `tool_calls` and the legacy
 * `function_call` are tool stops (the pipeline also decides that from the calls themselves);
 * Mistral's `model_length` is a length stop.
 */
export function chatFinishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
    case 'model_length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case 'insufficient_system_resource':
      // DeepSeek: the answer was cut because the service ran short, not a normal stop.
      return 'error';
    default:
      return 'other';
  }
}

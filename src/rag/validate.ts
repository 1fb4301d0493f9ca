import { show } from '../config.js';
import { ConfigError } from '../errors.js';

// The same checks and wording as LLMConfig, so RAG options read like LLM options.
export { checkInteger, show } from '../config.js';

/** A question or a document text: it must be a string. */
export function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new ConfigError(`${field} must be a string (got ${show(value)}).`, field);
  }
  return value;
}

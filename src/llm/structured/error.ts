import { SynapseKitError } from '../../errors.js';
import type { SchemaIssue } from '../../tools.js';

/**
 * The model's answer was not usable structured output: not JSON, not matching the schema, cut
 * off at the output-token limit, or no answer at all (after `repairAttempts` repair rounds, or
 * at once where a repair cannot help). `text` is the last answer, `issues` what was wrong with
 * it, and `attempts` holds one `StructuredOutputError` per try, oldest first.
 *
 * @example
 * ```ts
 * try {
 *   await llm.generateStructured('Weather in Paris?', schema);
 * } catch (error) {
 *   if (error instanceof StructuredOutputError) console.error(error.issues, error.text);
 * }
 * ```
 *
 * @category Errors
 */
export class StructuredOutputError extends SynapseKitError {
  /** The model's (last) answer as text: the JSON it wrote, or the forced tool's input as JSON. */
  readonly text: string;
  /** What was wrong with it: the parser's complaint, or the schema's issues. */
  readonly issues: ReadonlyArray<SchemaIssue>;

  /**
   * Usually thrown by the library; construct one yourself in tests or wrappers.
   *
   * @param message What went wrong and what to do next.
   * @param details The answer's text and its issues.
   */
  constructor(message: string, details: { text: string; issues: ReadonlyArray<SchemaIssue> }) {
    super(message);
    this.text = details.text;
    this.issues = details.issues;
  }
}

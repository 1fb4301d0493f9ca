import type { CallOptions } from '../../types.js';
import type { StructuredMode } from '../spec.js';

export type { StructuredMode } from '../spec.js';

/**
 * Options of `generateStructured` and `streamStructured`: every call option, plus how the
 * structured output is asked for.
 *
 * @example
 * ```ts
 * const weather = await llm.generateStructured('Weather in Paris?', schema, {
 *   mode: 'tool',
 *   name: 'weather_report',
 *   repairAttempts: 1,
 *   onFinish: ({ structuredMode }) => console.log(structuredMode), // 'tool'
 * });
 * ```
 *
 * @category Structured output
 */
export interface StructuredOptions extends CallOptions {
  /**
   * `native`: the provider's schema-constrained output; `tool`: one forced tool whose input is
   * the answer (never executed); `json`: JSON mode where the provider has it, with the schema
   * in the instructions. `auto` (the default) picks native where the provider (and model) has
   * it, else tool, else json. A mode the provider cannot run is a `ConfigError`.
   */
  mode?: 'auto' | StructuredMode;
  /**
   * The output's name, for providers that name it (`json_schema.name`, the forced tool's name):
   * letters, digits, `_` and `-`, at most 64. Default `json`.
   */
  name?: string;
  /** What the output is, for the model (sent where the provider takes a description). */
  description?: string;
  /**
   * How often a bad answer (not JSON, or not matching the schema) goes back to the model with
   * what is wrong before `StructuredOutputError` is thrown. Default 2 (so at most 3 requests).
   */
  repairAttempts?: number;
}

/**
 * A value while it is being streamed: every property (at every depth) may still be missing,
 * arrays may hold fewer items, strings may be cut short.
 *
 * @category Structured output
 */
export type DeepPartial<T> =
  T extends ReadonlyArray<infer Item>
    ? Array<DeepPartial<Item>>
    : T extends object
      ? { [Key in keyof T]?: DeepPartial<T[Key]> }
      : T;

import type { Message } from './messages.js';

/**
 * A JSON Schema object (draft 2020-12), as written by hand or produced by a schema library.
 *
 * @category Tools
 */
export type JsonSchema = Record<string, unknown>;

/**
 * One segment of an issue's path, as some Standard Schema libraries give it.
 *
 * @category Tools
 */
export interface SchemaPathSegment {
  /** The property name or array index. */
  readonly key: PropertyKey;
}

/**
 * One problem a schema found in a value (the Standard Schema issue shape).
 *
 * @category Tools
 */
export interface SchemaIssue {
  /** What is wrong, for a human (and for the model, when a tool input fails). */
  readonly message: string;
  /** Where: property names and array indexes from the root. */
  readonly path?: ReadonlyArray<PropertyKey | SchemaPathSegment> | undefined;
}

/**
 * What a Standard Schema's `validate` returns: the typed value, or the issues found.
 *
 * @category Tools
 */
export type SchemaResult<Output> =
  | {
      /** The valid (possibly transformed) value. */
      readonly value: Output;
      /** Absent on success. */
      readonly issues?: undefined;
    }
  | {
      /** Every problem found. */
      readonly issues: ReadonlyArray<SchemaIssue>;
    };

/**
 * The type-level part of a Standard Schema.
 *
 * @category Tools
 */
export interface SchemaTypes<Output> {
  /** What the schema accepts. */
  readonly input: unknown;
  /** What validation produces. */
  readonly output: Output;
}

/**
 * The Standard JSON Schema converter a schema library exposes.
 *
 * @category Tools
 */
export interface SchemaJsonConverter {
  /** The JSON Schema of what `validate` accepts, for a target such as 'draft-2020-12'. */
  readonly input: (options: { readonly target: string }) => Record<string, unknown>;
}

/**
 * A schema from a Standard Schema library (zod 4, valibot, arktype, ...) that can also give its
 * JSON Schema (the Standard JSON Schema interface). Its own `validate` checks values, and its
 * output type is what the library infers.
 *
 * @category Tools
 */
export interface StandardJsonSchema<Output = unknown> {
  /** The Standard Schema properties. */
  readonly '~standard': {
    /** Always 1. */
    readonly version: 1;
    /** The library's name, e.g. 'zod'. */
    readonly vendor: string;
    /** Checks a value: its typed value, or the issues found. */
    readonly validate: (value: unknown) => SchemaResult<Output> | Promise<SchemaResult<Output>>;
    /** Type-level only: the input and output types. */
    readonly types?: SchemaTypes<Output> | undefined;
    /** The JSON Schema of the accepted input. */
    readonly jsonSchema?: SchemaJsonConverter;
  };
}

/**
 * What describes a tool's input (or a structured output): a plain JSON Schema object, whose
 * values are then `unknown` to TypeScript, or a Standard Schema that gives its JSON Schema
 * (e.g. a zod 4 schema), whose output type is inferred.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const byHand: Schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
 * const withZod = z.object({ city: z.string() }); // Schema<{ city: string }>
 * ```
 *
 * @category Tools
 */
export type Schema<Output = unknown> = StandardJsonSchema<Output> | JsonSchema;

/**
 * The type a schema's values have: the Standard Schema's output, else `unknown`.
 *
 * @category Tools
 */
export type InferSchema<S> = S extends StandardJsonSchema<infer Output> ? Output : unknown;

/**
 * What `execute` receives besides the input.
 *
 * @category Tools
 */
export interface ToolExecutionContext {
  /** The id of the call being executed. */
  toolCallId: string;
  /** The conversation so far, the assistant message with this call included. */
  messages: Message[];
  /** The call's signal: abort long work when it fires. */
  signal?: AbortSignal | undefined;
}

/**
 * A tool the model may call. The key it has in `tools` is its name. With `execute` and
 * `maxSteps` > 1 the library runs it and sends the result back to the model; without, the call
 * is returned to you (`toolCalls`, `tool-call` events).
 *
 * @example
 * ```ts
 * const weather = tool({
 *   description: 'Current weather in a city',
 *   inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   execute: async (input) => ({ city: (input as { city: string }).city, celsius: 21 }),
 * });
 * const answer = await llm.generate('Weather in Paris?', { tools: { weather }, maxSteps: 3 });
 * ```
 *
 * @category Tools
 */
export interface Tool<Input = unknown, Output = unknown> {
  /** What the tool does and when to use it, for the model. */
  description?: string;
  /** The input's schema, sent to the provider and used to check the model's arguments. */
  inputSchema: Schema<Input>;
  /**
   * Runs the tool in `maxSteps` loops; its return value (any JSON value) goes to the model.
   * (A method, so a tool typed for its own input fits `Record<string, Tool>`.)
   */
  execute?(input: Input, context: ToolExecutionContext): Output | Promise<Output>;
}

/**
 * Whether and which tools the model must call: `auto` (it decides; the default), `none`,
 * `required` (at least one), or `{ tool: name }` (that one).
 *
 * @category Tools
 */
export type ToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | {
      /** The name of the tool the model must call. */
      tool: string;
    };

/**
 * A tool with its input type inferred from its schema, for `tools: { name: tool({...}) }`.
 *
 * @param definition The description, input schema and optional `execute`.
 * @returns The same object, typed.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const add = tool({
 *   inputSchema: z.object({ a: z.number(), b: z.number() }),
 *   execute: ({ a, b }) => a + b, // a and b are numbers
 * });
 * ```
 *
 * @category Tools
 */
export function tool<S extends Schema, Output = unknown>(definition: {
  description?: string;
  inputSchema: S;
  execute?: (input: InferSchema<S>, context: ToolExecutionContext) => Output | Promise<Output>;
}): Tool<InferSchema<S>, Output> {
  return definition as Tool<InferSchema<S>, Output>;
}

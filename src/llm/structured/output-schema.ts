import type { JsonSchema } from '../../tools.js';

/** The property that carries a non-object answer inside the object every mechanism needs. */
const WRAPPER_KEY = 'value';

/**
 * The answer's JSON Schema as sent. Tool inputs, OpenAI's strict mode and the JSON modes all
 * want an object at the root, so any other root (an array, a string, an `anyOf`) is wrapped as
 * `{ value: <schema> }` and unwrapped before validation.
 */
export function outputSchema(json: JsonSchema): { schema: JsonSchema; wrapped: boolean } {
  if (json.type === 'object') return { schema: json, wrapped: false };
  return {
    schema: {
      type: 'object',
      properties: { [WRAPPER_KEY]: json },
      required: [WRAPPER_KEY],
      additionalProperties: false,
    },
    wrapped: true,
  };
}

/** The answer inside the wrapper; an answer the model sent without it is taken as it is. */
export function unwrap(value: unknown, wrapped: boolean): unknown {
  if (!wrapped) return value;
  return value !== null && typeof value === 'object' && Object.hasOwn(value, WRAPPER_KEY)
    ? (value as Record<string, unknown>)[WRAPPER_KEY]
    : value;
}

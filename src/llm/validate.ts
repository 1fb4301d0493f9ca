import type { Validator } from '@cfworker/json-schema';
import type { JsonSchema, Schema, SchemaIssue } from '../tools.js';
import { isStandardSchema } from './tool-definitions.js';

/** A value checked against a schema: the (possibly transformed) value, or what is wrong. */
export type Validation =
  { ok: true; value: unknown } | { ok: false; issues: ReadonlyArray<SchemaIssue> };

// One compiled validator per schema object: tools are usually defined once and called often.
const validators = new WeakMap<JsonSchema, Validator>();

/**
 * Check a value with the schema's own `~standard.validate` when it is a Standard Schema (zod,
 * valibot, ...), else with a JSON Schema validator (draft 2020-12, every error collected).
 */
export async function validateWithSchema(schema: Schema, value: unknown): Promise<Validation> {
  if (isStandardSchema(schema)) {
    const result = await schema['~standard'].validate(value);
    return result.issues ? { ok: false, issues: result.issues } : { ok: true, value: result.value };
  }
  let validator = validators.get(schema);
  if (validator === undefined) {
    // Loaded on first use: only loops with plain JSON Schema tools need it, not every import.
    const { Validator: JsonSchemaValidator } = await import('@cfworker/json-schema');
    validator = new JsonSchemaValidator(
      schema as ConstructorParameters<typeof Validator>[0],
      '2020-12',
      false,
    );
    validators.set(schema, validator);
  }
  const result = validator.validate(value);
  if (result.valid) return { ok: true, value };
  // The validator reports each failing keyword and every enclosing one; the innermost say why.
  const leaves = result.errors.filter(
    (error) =>
      !result.errors.some(
        (other) => other !== error && other.keywordLocation.startsWith(`${error.keywordLocation}/`),
      ),
  );
  return {
    ok: false,
    issues: leaves.map((error) => ({
      message: error.error,
      path: pointerPath(error.instanceLocation),
    })),
  };
}

/** `#/a/0/b` as `['a', 0, 'b']`. */
function pointerPath(location: string): PropertyKey[] {
  return location
    .replace(/^#\/?/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(key) ? Number(key) : key;
    });
}

/** Issues as one line for a person or a model: `city: Expected string; days: Required`. */
export function describeIssues(issues: ReadonlyArray<SchemaIssue>): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
        .join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

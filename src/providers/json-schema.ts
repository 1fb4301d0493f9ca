import type { JsonSchema } from '../tools.js';

/** Keywords whose value is one subschema. */
const ONE = ['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else'];
/** Keywords whose value is a list of subschemas. */
const LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas (the names are data, not keywords). */
const MAP = ['properties', 'patternProperties', '$defs', 'definitions'];

/**
 * A copy of a JSON Schema with `visit` applied to every subschema, innermost first, so a
 * provider can adapt a schema to its dialect (drop keywords it rejects, close objects) without
 * mistaking a property *named* `minimum` for the keyword. Boolean subschemas stay as they are.
 */
export function mapSchema(schema: JsonSchema, visit: (node: JsonSchema) => JsonSchema): JsonSchema {
  const node: JsonSchema = { ...schema };
  for (const key of ONE) {
    if (isSchema(node[key])) node[key] = mapSchema(node[key], visit);
  }
  for (const key of LIST) {
    const list = node[key];
    if (Array.isArray(list)) {
      node[key] = list.map((item: unknown) => (isSchema(item) ? mapSchema(item, visit) : item));
    }
  }
  for (const key of MAP) {
    const map = node[key];
    if (!isSchema(map)) continue;
    node[key] = Object.fromEntries(
      Object.entries(map).map(([name, item]) => [
        name,
        isSchema(item) ? mapSchema(item, visit) : item,
      ]),
    );
  }
  return visit(node);
}

/** Whether a schema describes objects (by its `type`, or by having `properties`). */
export function describesObject(node: JsonSchema): boolean {
  const type = node.type;
  return (
    type === 'object' ||
    (Array.isArray(type) && type.includes('object')) ||
    isSchema(node.properties)
  );
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

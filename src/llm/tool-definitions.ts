import { ConfigError } from '../errors.js';
import type { JsonSchema, StandardJsonSchema, Tool, ToolChoice } from '../tools.js';
import type { ToolDefinition } from './spec.js';

/** Names every provider accepts: letters, digits, `_` and `-`, at most 64 (OpenAI's rule, the strictest). */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The tools as providers send them, or undefined when there are none. */
export function toolDefinitions(
  tools: Record<string, Tool> | undefined,
): ToolDefinition[] | undefined {
  if (tools === undefined) return undefined;
  if (tools === null || typeof tools !== 'object' || Array.isArray(tools)) {
    throw new ConfigError(
      'tools must be an object of tools by name, e.g. { weather: { description, inputSchema } }.',
      'tools',
    );
  }
  const definitions = Object.entries(tools).map(([name, definition]) => {
    const field = `tools.${name}`;
    if (!TOOL_NAME.test(name)) {
      throw new ConfigError(
        `Tool name ${JSON.stringify(name)} is not accepted by every provider: use letters, digits, _ and - (at most 64).`,
        field,
      );
    }
    if (definition === null || typeof definition !== 'object') {
      throw new ConfigError(`${field} must be an object with an inputSchema.`, field);
    }
    const { description, execute } = definition;
    if (description !== undefined && typeof description !== 'string') {
      throw new ConfigError(`${field}.description must be a string.`, `${field}.description`);
    }
    if (execute !== undefined && typeof execute !== 'function') {
      throw new ConfigError(`${field}.execute must be a function.`, `${field}.execute`);
    }
    return { name, description, inputSchema: toolInputSchema(definition.inputSchema, field) };
  });
  return definitions.length > 0 ? definitions : undefined;
}

/** The JSON Schema of a tool's input: an object schema, from a plain schema or a Standard Schema. */
function toolInputSchema(schema: unknown, field: string): JsonSchema {
  const json = jsonSchemaOf(schema, `${field}.inputSchema`);
  if (json.type !== 'object') {
    throw new ConfigError(
      `${field}.inputSchema must describe an object ({ type: 'object', properties: {...} }); ` +
        'providers pass tool arguments as one object.',
      `${field}.inputSchema`,
    );
  }
  return json;
}

/**
 * A schema's JSON Schema: a plain JSON Schema object as it is (without `$schema`, which some
 * providers reject), or what a Standard Schema gives through `~standard.jsonSchema`.
 */
export function jsonSchemaOf(schema: unknown, field: string): JsonSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new ConfigError(
      `${field} must be a JSON Schema object or a Standard Schema (e.g. zod 4).`,
      field,
    );
  }
  let json: Record<string, unknown>;
  if (isStandardSchema(schema)) {
    const convert = schema['~standard'].jsonSchema?.input;
    if (typeof convert !== 'function') {
      throw new ConfigError(
        `${field} is a ${schema['~standard'].vendor} schema that cannot give its JSON Schema ` +
          '(the Standard JSON Schema interface, e.g. zod 4.2 or later). Pass a JSON Schema object instead.',
        field,
      );
    }
    json = convert({ target: 'draft-2020-12' });
  } else {
    json = schema as JsonSchema;
  }
  if (!('$schema' in json)) return json;
  const { $schema: _dialect, ...rest } = json;
  return rest;
}

/** Whether a schema is a Standard Schema (it then validates values itself). */
export function isStandardSchema(schema: unknown): schema is StandardJsonSchema {
  const standard = (schema as { '~standard'?: { validate?: unknown } } | null)?.['~standard'];
  return typeof standard?.validate === 'function';
}

/** A known tool choice, naming a tool that exists. */
export function checkToolChoice(
  choice: unknown,
  tools: Record<string, Tool> | undefined,
): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') {
    if (tools === undefined && choice === 'required') {
      throw new ConfigError("toolChoice 'required' needs tools to choose from.", 'toolChoice');
    }
    return choice;
  }
  const name = (choice as { tool?: unknown } | null)?.tool;
  if (typeof name !== 'string') {
    throw new ConfigError(
      `toolChoice must be 'auto', 'none', 'required' or { tool: name } (got ${JSON.stringify(choice)}).`,
      'toolChoice',
    );
  }
  if (tools?.[name] === undefined) {
    const known = Object.keys(tools ?? {});
    throw new ConfigError(
      `toolChoice names the tool ${JSON.stringify(name)}, which is not in tools` +
        (known.length > 0 ? ` (${known.join(', ')}).` : ' (none given).'),
      'toolChoice',
    );
  }
  return { tool: name };
}

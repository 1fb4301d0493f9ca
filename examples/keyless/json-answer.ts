/**
 * Structured output for the stand-in model (model-server.ts): finds the JSON Schema a request
 * asks the answer to match, in whichever provider's shape it came, and makes up an object that
 * matches it, the way a model would fill it in.
 */
import type { RecordedRequest } from '../../test/servers/replay-server.js';

/** A JSON Schema node, as the stand-in reads it. */
type SchemaNode = {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  format?: string;
  minimum?: number;
};

/** The request body fields that carry an answer's schema, one provider's shape each. */
interface StructuredBody {
  /** Chat Completions vendors, Mistral, Cohere. */
  response_format?: { json_schema?: { schema?: SchemaNode } & SchemaNode };
  /** Anthropic. */
  output_config?: { format?: { schema?: SchemaNode } };
  /** Gemini. */
  generationConfig?: { responseJsonSchema?: SchemaNode };
  /** Ollama (`"json"` in JSON mode). */
  format?: SchemaNode | string;
  /** Bedrock: the schema as a JSON string. */
  outputConfig?: { textFormat?: { structure?: { jsonSchema?: { schema?: string } } } };
}

/** The line the library's JSON mode adds to the system text (src/llm/structured/plan.ts). */
const JSON_MODE_SCHEMA = /^JSON Schema: (\{.*\})$/m;

/**
 * The schema the answer must match, when the request asks for structured output natively or
 * in JSON mode (the schema in the instructions); undefined for an ordinary request.
 */
export function requestedSchema(request: RecordedRequest): SchemaNode | undefined {
  const body = (request.json ?? {}) as StructuredBody;
  const jsonSchema = body.response_format?.json_schema;
  const bedrock = body.outputConfig?.textFormat?.structure?.jsonSchema?.schema;
  const found =
    jsonSchema?.schema ?? // OpenAI-style json_schema
    (jsonSchema?.type === undefined ? undefined : jsonSchema) ?? // Cohere
    body.output_config?.format?.schema ??
    body.generationConfig?.responseJsonSchema ??
    (typeof body.format === 'object' ? body.format : undefined) ??
    (bedrock === undefined ? undefined : (JSON.parse(bedrock) as SchemaNode));
  if (found !== undefined) return found;
  const instructions = stringsIn(body)
    .map((text) => JSON_MODE_SCHEMA.exec(text)?.[1])
    .find((line) => line !== undefined);
  return instructions === undefined ? undefined : (JSON.parse(instructions) as SchemaNode);
}

/** Every string in a parsed body, at any depth (the system text sits in a different place per provider). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(stringsIn);
}

/**
 * An object that matches `schema`: the first enum value, a plausible number, and `word` (the
 * city or name the question was about) for free text.
 */
export function exampleOf(schema: SchemaNode, word: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice !== undefined) return exampleOf(choice, word);
  const type = Array.isArray(schema.type)
    ? schema.type.find((name) => name !== 'null')
    : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          exampleOf(property, word),
        ]),
      );
    case 'array':
      return schema.items === undefined ? [] : [exampleOf(schema.items, word)];
    case 'integer':
      return Math.max(schema.minimum ?? 0, 21);
    case 'number':
      return Math.max(schema.minimum ?? 0, 21.5);
    case 'boolean':
      return true;
    case 'string':
      return schema.format === 'date' ? '2026-05-01' : word;
    default:
      return null;
  }
}

import type { ProviderCall, StructuredMode, StructuredOutputSupport } from '../../llm/spec.js';
import type { JsonSchema } from '../../tools.js';
import type { ProviderName } from '../../types.js';
import { describesObject, mapSchema } from '../json-schema.js';
import type { ChatCompletionsDialect } from './presets.js';

/** How one Chat Completions vendor takes structured output. Data, not code. */
interface ChatStructuredRules {
  /** `response_format: { type: 'json_schema', json_schema: {...} }`. */
  jsonSchema: boolean;
  /**
   * `strict: true` (constrained decoding): sent whenever the schema fits OpenAI's strict subset
   * (else `strict: false`), only for the models a pattern names, or never (`omit`).
   */
  strict: 'when-compatible' | 'omit' | RegExp;
  /** `response_format: { type: 'json_object' }` (JSON mode). */
  jsonObject: boolean;
  /** What `auto` picks, when it is not "native if there is json_schema, else tool". */
  auto?: StructuredMode;
}

const OPENAI: ChatStructuredRules = {
  jsonSchema: true,
  strict: 'when-compatible',
  jsonObject: true,
};

/** Per vendor (docs/wire-protocols.md: the OpenAI-compatible vendors' structured output). */
const RULES: Partial<Record<ProviderName, ChatStructuredRules>> = {
  openai: OPENAI,
  azure: OPENAI,
  // Strict mode is constrained decoding on select models only; best effort elsewhere.
  groq: { jsonSchema: true, strict: /gpt-oss|kimi/i, jsonObject: true },
  // JSON mode only: the schema goes in the instructions.
  deepseek: { jsonSchema: false, strict: 'omit', jsonObject: true, auto: 'json' },
  openrouter: OPENAI,
  together: { jsonSchema: true, strict: 'omit', jsonObject: true },
  fireworks: { jsonSchema: true, strict: 'omit', jsonObject: true },
  perplexity: { jsonSchema: true, strict: 'omit', jsonObject: false },
  cerebras: OPENAI,
  mistral: OPENAI,
};

function rulesOf(provider: ProviderName): ChatStructuredRules {
  return RULES[provider] ?? OPENAI;
}

/** The structured modes a vendor runs: native with json_schema, tool where it has tools. */
export function chatStructuredSupport(
  dialect: ChatCompletionsDialect,
): (call: ProviderCall) => StructuredOutputSupport {
  const rules = rulesOf(dialect.provider);
  const unavailable: Partial<Record<StructuredMode, string>> = {};
  if (!rules.jsonSchema) {
    unavailable.native = `${dialect.provider} has no json_schema response format (JSON mode only)`;
  }
  if (!dialect.tools) unavailable.tool = `${dialect.provider} has no tool calling`;
  const auto = rules.auto ?? (rules.jsonSchema ? 'native' : dialect.tools ? 'tool' : 'json');
  return () => ({ auto, unavailable });
}

/**
 * `response_format` for a structured call: `json_schema` (native) with `strict` as the vendor
 * and the schema allow, or `json_object` (json mode, where the vendor has it). Tool mode needs
 * nothing here: the forced tool is among the tools.
 */
export function chatOutputFields(
  call: ProviderCall,
  dialect: ChatCompletionsDialect,
): Record<string, unknown> {
  const output = call.output;
  if (output === undefined) return {};
  const rules = rulesOf(dialect.provider);
  if (output.mode === 'json') {
    return rules.jsonObject ? { response_format: { type: 'json_object' } } : {};
  }
  if (output.mode !== 'native') return {};
  const jsonSchema: Record<string, unknown> = { name: output.name };
  if (output.description !== undefined) jsonSchema.description = output.description;
  const strictWanted =
    rules.strict === 'when-compatible' ||
    (rules.strict instanceof RegExp && rules.strict.test(call.model));
  const strictSchema = strictWanted ? openAIStrictSchema(output.schema) : undefined;
  jsonSchema.schema = strictSchema ?? output.schema;
  // A schema outside the strict subset is sent with strict off: the model then follows it
  // best-effort, and the pipeline's validation (and repair) still guarantees the result.
  if (strictWanted) jsonSchema.strict = strictSchema !== undefined;
  return { response_format: { type: 'json_schema', json_schema: jsonSchema } };
}

/** Keywords OpenAI's strict mode accepts (docs/wire-protocols.md: OpenAI, strict schemas). */
const STRICT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  '$defs',
  'definitions',
  '$ref',
  'description',
  'title',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);

/**
 * The schema in OpenAI's strict subset, or undefined when it cannot be without changing what it
 * accepts. Objects that leave `additionalProperties` open get `false` (every answer of the
 * closed schema still matches the caller's); an optional property, an object with open extra
 * properties, or a keyword outside the subset (`allOf`, `not`, `minLength`...) cannot be fixed.
 */
export function openAIStrictSchema(schema: JsonSchema): JsonSchema | undefined {
  let compatible = true;
  const strict = mapSchema(schema, (node) => {
    if (Object.keys(node).some((keyword) => !STRICT_KEYWORDS.has(keyword))) compatible = false;
    if (!describesObject(node)) return node;
    const properties = Object.keys((node.properties as JsonSchema | undefined) ?? {});
    const required = Array.isArray(node.required) ? node.required : [];
    if (properties.some((name) => !required.includes(name))) compatible = false;
    const extra = node.additionalProperties;
    if (extra === undefined && properties.length === 0) compatible = false; // a free-form object
    if (extra !== undefined && extra !== false) compatible = false;
    return { ...node, additionalProperties: false };
  });
  return compatible ? strict : undefined;
}

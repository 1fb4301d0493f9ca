import { createHash } from 'node:crypto';
import type { Message } from '../messages.js';
import type { ReasoningOptions } from '../reasoning.js';
import type { JsonSchema, ToolChoice } from '../tools.js';
import type { ProviderName } from '../types.js';

/**
 * Bumped whenever the key's inputs or the stored format change, so entries written by an
 * older version are never read back as if they answered a different request.
 */
export const CACHE_SCHEMA_VERSION = 2;

/** Everything that decides what the provider answers. Never the API key or other secrets. */
export interface CacheKeyInput {
  provider: ProviderName;
  /** The resolved request URL, which providers keep free of secrets. */
  endpoint: string;
  /** Non-secret provider settings that are not in the URL (e.g. a Bedrock region behind a proxy). */
  providerOptions: Record<string, unknown>;
  model: string;
  /** The full list as sent, system prompt included. */
  messages: readonly Message[];
  temperature: number | undefined;
  maxTokens: number;
  topP: number | undefined;
  stop: readonly string[] | undefined;
  extraBody: Record<string, unknown> | undefined;
  /** Name, description and input schema of each tool (never `execute`). */
  tools:
    | ReadonlyArray<{ name: string; description?: string | undefined; inputSchema: JsonSchema }>
    | undefined;
  toolChoice: ToolChoice | undefined;
  parallelToolCalls: boolean | undefined;
  /** The call's reasoning effort and budget. */
  reasoning?: ReasoningOptions | undefined;
  /** The config's `cacheNamespace`: instances with different ones never share entries. */
  namespace?: string | undefined;
  /** The structured output asked for (mode, schema, name, description), when there is one. */
  output?:
    | { mode: string; schema: JsonSchema; name: string; description?: string | undefined }
    | undefined;
}

/** The SHA-256 (hex) of a canonical JSON of the request, so equal requests give equal keys. */
export function cacheKey(input: CacheKeyInput): string {
  const canonical = canonicalJson({
    version: CACHE_SCHEMA_VERSION,
    provider: input.provider,
    endpoint: input.endpoint,
    providerOptions: input.providerOptions,
    model: input.model,
    // Only role and content: a message object carrying other properties asks for the same answer.
    messages: input.messages.map(({ role, content }) => ({ role, content: keyContent(content) })),
    // null, not absent, so "not sent" has one spelling.
    temperature: input.temperature ?? null,
    maxTokens: input.maxTokens,
    topP: input.topP ?? null,
    stop: input.stop ?? null,
    extraBody: input.extraBody ?? null,
    tools: input.tools ?? null,
    toolChoice: input.toolChoice ?? null,
    parallelToolCalls: input.parallelToolCalls ?? null,
    // Only when set, so keys written without a namespace (or without reasoning) stay valid.
    ...(input.reasoning === undefined ? {} : { reasoning: input.reasoning }),
    ...(input.namespace === undefined ? {} : { namespace: input.namespace }),
    // Likewise only when set: a structured call's mode and schema never share a plain call's entry.
    ...(input.output === undefined ? {} : { output: input.output }),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Message content as it goes into the key: image and file data as the SHA-256 of their bytes
 * or base64 text (never the data itself), URLs as text. The pipeline resolves parts before the
 * key is made, so the same image given as bytes, base64 or a data URL is one base64 text.
 */
function keyContent(content: Message['content']): unknown {
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type === 'image') return { ...part, image: binaryKey(part.image) };
    if (part.type === 'file') return { ...part, data: binaryKey(part.data) };
    return part;
  });
}

function binaryKey(source: string | URL | Uint8Array): string | { sha256: string } {
  if (source instanceof URL) return source.href;
  return { sha256: createHash('sha256').update(source).digest('hex') };
}

/** JSON with every object's keys sorted, at every depth, so property order never changes a key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_name, nested: unknown) => {
    if (!isPlainObject(nested)) return nested;
    // fromEntries, not assignment, so a '__proto__' key stays data instead of a prototype.
    return Object.fromEntries(
      Object.keys(nested)
        .sort()
        .map((name) => [name, nested[name]]),
    );
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

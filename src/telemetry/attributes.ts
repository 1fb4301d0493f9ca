import type { FinishReason } from '../events.js';
import type { ProviderCall } from '../llm/spec.js';
import type { ProviderName, Usage } from '../types.js';
import type { TelemetryAttributes } from './options.js';

/**
 * `gen_ai.provider.name`: the OpenTelemetry GenAI conventions' well-known value where the
 * convention has one, else our provider name.
 */
const GEN_AI_PROVIDER_NAMES: Record<ProviderName, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
  mistral: 'mistral_ai',
  cohere: 'cohere',
  groq: 'groq',
  deepseek: 'deepseek',
  perplexity: 'perplexity',
  ollama: 'ollama',
  openrouter: 'openrouter',
  together: 'together',
  fireworks: 'fireworks',
  cerebras: 'cerebras',
};

/** The conventions' finish-reason words; ours differ only in their separators. */
const GEN_AI_FINISH_REASONS: Record<FinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_call',
  'content-filter': 'content_filter',
  error: 'error',
  other: 'other',
};

export function genAiFinishReason(reason: FinishReason): string {
  return GEN_AI_FINISH_REASONS[reason];
}

/**
 * What identifies a call's model and server: the attributes shared by its span and its metrics
 * (`gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`, `server.address`,
 * `server.port`).
 */
export function callIdentity(
  provider: ProviderName,
  model: string,
  endpoint: string,
): TelemetryAttributes {
  const attributes: TelemetryAttributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': GEN_AI_PROVIDER_NAMES[provider],
    'gen_ai.request.model': model,
  };
  const server = serverOf(endpoint);
  if (server) {
    attributes['server.address'] = server.address;
    attributes['server.port'] = server.port;
  }
  return attributes;
}

/** The request settings the conventions name: only what was sent. */
export function requestAttributes(call: ProviderCall): TelemetryAttributes {
  const attributes: TelemetryAttributes = { 'gen_ai.request.max_tokens': call.maxTokens };
  if (call.temperature !== undefined) attributes['gen_ai.request.temperature'] = call.temperature;
  if (call.topP !== undefined) attributes['gen_ai.request.top_p'] = call.topP;
  if (call.stop !== undefined) attributes['gen_ai.request.stop_sequences'] = call.stop;
  return attributes;
}

/**
 * The usage attributes: input counts every prompt token (cached ones included), as the
 * conventions define it and as our `Usage` does; nothing when the provider reported none.
 */
export function usageAttributes(usage: Usage): TelemetryAttributes {
  if (!usage.reported) return {};
  const attributes: TelemetryAttributes = {
    'gen_ai.usage.input_tokens': usage.input,
    'gen_ai.usage.output_tokens': usage.output,
  };
  if (usage.cacheRead !== undefined)
    attributes['gen_ai.usage.cache_read.input_tokens'] = usage.cacheRead;
  if (usage.cacheWrite !== undefined)
    attributes['gen_ai.usage.cache_creation.input_tokens'] = usage.cacheWrite;
  if (usage.reasoning !== undefined)
    attributes['gen_ai.usage.reasoning.output_tokens'] = usage.reasoning;
  return attributes;
}

// An instance's endpoint is the same on every call: parsed once (a URL parse per call showed in
// the no-op tracer's profile). Bounded, for programs that make instances without end.
const serversByEndpoint = new Map<string, { address: string; port: number } | undefined>();

/** Host and port of the endpoint; the scheme's default port when the URL names none. */
function serverOf(endpoint: string): { address: string; port: number } | undefined {
  if (serversByEndpoint.has(endpoint)) return serversByEndpoint.get(endpoint);
  if (serversByEndpoint.size >= 100) serversByEndpoint.clear();
  const server = parseServer(endpoint);
  serversByEndpoint.set(endpoint, server);
  return server;
}

function parseServer(endpoint: string): { address: string; port: number } | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  // An IPv6 host keeps its brackets in a URL, not in server.address.
  return { address: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

import type { BaseLLM, LLMConfigOptions, ProviderName } from '../../src/index.js';
import { anthropicStream } from '../servers/anthropic.js';
import { bedrockStreamFrames, EVENT_STREAM_HEADERS } from '../servers/bedrock.js';
import { cohereStream } from '../servers/cohere.js';
import { EVERY_PROVIDER } from '../servers/every-provider.js';
import { geminiStream } from '../servers/gemini.js';
import { mistralStream } from '../servers/mistral.js';
import { ollamaStream } from '../servers/ollama.js';
import { openAIStream } from '../servers/openai-chat.js';
import type { ReplayServer, ScriptedResponse } from '../servers/replay-server.js';
import { VENDORS } from './openai-vendors.js';

/** A provider as the media and reasoning tests drive it against the replay server. */
export interface WireTarget {
  provider: ProviderName;
  model: string;
  create(server: ReplayServer, options?: Partial<LLMConfigOptions>): BaseLLM;
  /** A short complete answer in the provider's stream bytes. */
  ok(): ScriptedResponse;
  /** The user message's content parts (or Ollama's `images`) as sent. */
  userParts(body: Record<string, unknown>): unknown[];
}

type Body = Record<string, unknown>;
type WireMessage = { role?: string; content?: unknown; parts?: unknown; images?: unknown };

function userMessage(body: Body, list: 'messages' | 'contents' = 'messages'): WireMessage {
  const messages = body[list] as WireMessage[];
  const user = messages.find((message) => message.role === 'user');
  if (user === undefined) throw new Error(`no user message in ${JSON.stringify(body)}`);
  return user;
}

const contentParts = (body: Body): unknown[] => userMessage(body).content as unknown[];

const chatTarget = (provider: ProviderName, model: string, basePath: string): WireTarget => ({
  provider,
  model,
  create: (server, options = {}) =>
    EVERY_PROVIDER[provider]({ model, apiKey: 'k', baseUrl: server.url + basePath, ...options }),
  ok: () => (provider === 'mistral' ? mistralStream(['ok']) : openAIStream(['ok'])),
  userParts: contentParts,
});

/** The provider of each class in VENDORS. */
const VENDOR_PROVIDERS: Record<string, ProviderName> = {
  OpenAILLM: 'openai',
  AzureOpenAILLM: 'azure',
  GroqLLM: 'groq',
  DeepSeekLLM: 'deepseek',
  OpenRouterLLM: 'openrouter',
  TogetherLLM: 'together',
  FireworksLLM: 'fireworks',
  PerplexityLLM: 'perplexity',
  CerebrasLLM: 'cerebras',
};

const CHAT_COMPLETIONS: Partial<Record<ProviderName, WireTarget>> = Object.fromEntries(
  VENDORS.map((vendor) => {
    const provider = VENDOR_PROVIDERS[vendor.name]!;
    return [provider, chatTarget(provider, vendor.model, vendor.basePath)];
  }),
);

/** A provider with its own protocol, reached at the replay server's root. */
const nativeTarget = (
  provider: ProviderName,
  model: string,
  ok: () => ScriptedResponse,
  userParts: (body: Body) => unknown[] = contentParts,
): WireTarget => ({
  provider,
  model,
  create: (server, options = {}) =>
    EVERY_PROVIDER[provider]({ model, apiKey: 'k', baseUrl: server.url, ...options }),
  ok,
  userParts,
});

/** Every provider, by name. */
export const WIRE_TARGETS: Record<ProviderName, WireTarget> = {
  ...(CHAT_COMPLETIONS as Record<ProviderName, WireTarget>),
  mistral: chatTarget('mistral', 'mistral-small-latest', '/v1'),
  anthropic: nativeTarget('anthropic', 'claude-sonnet-4-5', () => anthropicStream(['ok'])),
  gemini: nativeTarget(
    'gemini',
    'gemini-2.5-flash',
    () => geminiStream(['ok']),
    (body) => userMessage(body, 'contents').parts as unknown[],
  ),
  cohere: nativeTarget('cohere', 'command-a-vision-07-2025', () => cohereStream(['ok'])),
  // Ollama takes no key; 'k' is sent and ignored.
  ollama: nativeTarget(
    'ollama',
    'llava',
    () => ollamaStream(['ok']),
    (body) => (userMessage(body).images as unknown[] | undefined) ?? [],
  ),
  bedrock: nativeTarget('bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0', () => ({
    headers: EVENT_STREAM_HEADERS,
    body: bedrockStreamFrames(['ok'], { inputTokens: 1, outputTokens: 1 }),
  })),
};

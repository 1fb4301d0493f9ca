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

/** Every provider, by name. */
export const WIRE_TARGETS: Record<ProviderName, WireTarget> = {
  ...(CHAT_COMPLETIONS as Record<ProviderName, WireTarget>),
  mistral: chatTarget('mistral', 'mistral-small-latest', '/v1'),
  anthropic: {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    create: (server, options = {}) =>
      EVERY_PROVIDER.anthropic({
        model: 'claude-sonnet-4-5',
        apiKey: 'k',
        baseUrl: server.url,
        ...options,
      }),
    ok: () => anthropicStream(['ok']),
    userParts: contentParts,
  },
  gemini: {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    create: (server, options = {}) =>
      EVERY_PROVIDER.gemini({
        model: 'gemini-2.5-flash',
        apiKey: 'k',
        baseUrl: server.url,
        ...options,
      }),
    ok: () => geminiStream(['ok']),
    userParts: (body) => userMessage(body, 'contents').parts as unknown[],
  },
  cohere: {
    provider: 'cohere',
    model: 'command-a-vision-07-2025',
    create: (server, options = {}) =>
      EVERY_PROVIDER.cohere({
        model: 'command-a-vision-07-2025',
        apiKey: 'k',
        baseUrl: server.url,
        ...options,
      }),
    ok: () => cohereStream(['ok']),
    userParts: contentParts,
  },
  ollama: {
    provider: 'ollama',
    model: 'llava',
    create: (server, options = {}) =>
      EVERY_PROVIDER.ollama({ model: 'llava', baseUrl: server.url, ...options }),
    ok: () => ollamaStream(['ok']),
    userParts: (body) => (userMessage(body).images as unknown[] | undefined) ?? [],
  },
  bedrock: {
    provider: 'bedrock',
    model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    create: (server, options = {}) =>
      EVERY_PROVIDER.bedrock({
        model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        apiKey: 'k',
        baseUrl: server.url,
        ...options,
      }),
    ok: () => ({
      headers: EVENT_STREAM_HEADERS,
      body: bedrockStreamFrames(['ok'], { inputTokens: 1, outputTokens: 1 }),
    }),
    userParts: contentParts,
  },
};

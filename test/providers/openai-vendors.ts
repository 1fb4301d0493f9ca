import {
  AzureOpenAILLM,
  CerebrasLLM,
  DeepSeekLLM,
  FireworksLLM,
  GroqLLM,
  OpenAILLM,
  OpenRouterLLM,
  PerplexityLLM,
  TogetherLLM,
  type BaseLLM,
  type LLMConfigOptions,
} from '../../src/index.js';
import type { OpenAIStreamOptions } from '../servers/openai-chat.js';

/** What differs per vendor on the wire, as the real APIs do it (docs/wire-protocols.md: OpenAI, Azure and the OpenAI-compatible vendors). */
export interface Vendor {
  name: string;
  model: string;
  /** Path prefix standing in for the vendor's base URL on the replay server. */
  basePath: string;
  path: string;
  create: (config: LLMConfigOptions) => BaseLLM;
  authHeader: 'authorization' | 'api-key';
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  includeUsage: boolean;
  stream: OpenAIStreamOptions;
  /** Extra bytes the vendor interleaves (comments, keep-alives). */
  comment?: string;
  /**
   * How its tool calls stream: OpenAI's fragments (id and name first, then argument pieces by
   * index), whole calls in one chunk (Groq, Cerebras), or none (Perplexity has no tools).
   */
  toolCalls: 'fragments' | 'whole' | 'none';
}

export const VENDORS: Vendor[] = [
  {
    name: 'OpenAILLM',
    model: 'gpt-4o-mini',
    basePath: '/v1',
    path: '/v1/chat/completions',
    create: (config) => new OpenAILLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_completion_tokens',
    includeUsage: true,
    stream: { usageIn: 'separate-chunk' },
    toolCalls: 'fragments',
  },
  {
    name: 'AzureOpenAILLM',
    model: 'my-gpt4o-deployment',
    basePath: '',
    path: '/openai/deployments/my-gpt4o-deployment/chat/completions?api-version=2024-10-21',
    create: (config) => new AzureOpenAILLM(config),
    authHeader: 'api-key',
    maxTokensField: 'max_completion_tokens',
    includeUsage: true,
    stream: { usageIn: 'separate-chunk' },
    toolCalls: 'fragments',
  },
  {
    name: 'GroqLLM',
    model: 'llama-3.3-70b-versatile',
    basePath: '/openai/v1',
    path: '/openai/v1/chat/completions',
    create: (config) => new GroqLLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_completion_tokens',
    includeUsage: false,
    stream: { usageIn: 'x_groq' },
    toolCalls: 'whole',
  },
  {
    name: 'DeepSeekLLM',
    model: 'deepseek-chat',
    basePath: '',
    path: '/chat/completions',
    create: (config) => new DeepSeekLLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_tokens',
    includeUsage: true,
    stream: { usageIn: 'finish-chunk' },
    comment: ': keep-alive\n\n',
    toolCalls: 'fragments',
  },
  {
    name: 'OpenRouterLLM',
    model: 'openai/gpt-4o-mini',
    basePath: '/api/v1',
    path: '/api/v1/chat/completions',
    create: (config) => new OpenRouterLLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_tokens',
    includeUsage: false,
    stream: { usageIn: 'separate-chunk' },
    comment: ': OPENROUTER PROCESSING\n\n',
    toolCalls: 'fragments',
  },
  {
    name: 'TogetherLLM',
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    basePath: '/v1',
    path: '/v1/chat/completions',
    create: (config) => new TogetherLLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_tokens',
    includeUsage: true,
    stream: { usageIn: 'finish-chunk' },
    toolCalls: 'fragments',
  },
  {
    name: 'FireworksLLM',
    model: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
    basePath: '/inference/v1',
    path: '/inference/v1/chat/completions',
    create: (config) => new FireworksLLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_tokens',
    includeUsage: true,
    stream: { usageIn: 'finish-chunk' },
    toolCalls: 'fragments',
  },
  {
    name: 'PerplexityLLM',
    model: 'sonar',
    basePath: '',
    path: '/chat/completions',
    create: (config) => new PerplexityLLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_tokens',
    includeUsage: false,
    stream: { usageIn: 'every-chunk', done: false, finalObject: 'chat.completion.done' },
    toolCalls: 'none',
  },
  {
    name: 'CerebrasLLM',
    model: 'llama-3.3-70b',
    basePath: '/v1',
    path: '/v1/chat/completions',
    create: (config) => new CerebrasLLM(config),
    authHeader: 'authorization',
    maxTokensField: 'max_completion_tokens',
    includeUsage: false,
    stream: { usageIn: 'finish-chunk' },
    toolCalls: 'whole',
  },
];

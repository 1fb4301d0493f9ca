/**
 * One async, streaming-first interface to fifteen LLM providers, with typed errors, timeouts
 * and abort, retries, rate limiting, response caching, and token and cost accounting.
 *
 * Start with {@link createLLM}: it picks the provider class from the model id (or from
 * `provider`) and reads the API key from the provider's usual environment variable. Every
 * provider class extends {@link BaseLLM}, so `stream`, `generate`, `streamWithMessages`,
 * `generateWithMessages`, `tokensUsed`, `cacheStats` and `close` work the same everywhere.
 * {@link RAG} answers questions over your own documents with any of them.
 *
 * @example
 * ```ts
 * import { createLLM } from 'synapsekit';
 *
 * const llm = createLLM({ model: 'gpt-4o-mini' }); // key from OPENAI_API_KEY
 * for await (const text of llm.stream('Write a haiku about TypeScript.')) {
 *   process.stdout.write(text);
 * }
 * console.log(llm.tokensUsed); // { input: ..., output: ... }
 * ```
 *
 * @packageDocumentation
 */
export { LLMConfig, DEFAULT_SYSTEM_PROMPT, type LLMConfigOptions } from './config.js';
export {
  SynapseKitError,
  ConfigError,
  ProviderError,
  AuthenticationError,
  RateLimitError,
  ConnectionError,
  TimeoutError,
  AbortError,
  StreamInterruptedError,
  BudgetExceededError,
  NoModelAvailableError,
  type ProviderErrorDetails,
} from './errors.js';
export { MediaDownloadError } from './llm/media/download-error.js';
export type { MediaSupport, MediaKindSupport } from './llm/media/support.js';
export { REASONING_EFFORTS, type ReasoningEffort, type ReasoningOptions } from './reasoning.js';
export {
  PROVIDER_NAMES,
  type ProviderName,
  type Usage,
  type EmbeddingUsage,
  type CallOptions,
  type FinishInfo,
  type RateLimitInfo,
} from './types.js';
export type {
  Role,
  Message,
  SystemMessage,
  UserMessage,
  AssistantMessage,
  ToolMessage,
  LLMInput,
  TextPart,
  ImagePart,
  FilePart,
  ReasoningPart,
  ToolCallPart,
  ToolResultPart,
  ProviderData,
} from './messages.js';
export type { LLMEvent, LLMResponse, FinishReason, ToolCall } from './events.js';
export {
  tool,
  type Tool,
  type ToolChoice,
  type ToolExecutionContext,
  type Schema,
  type JsonSchema,
  type StandardJsonSchema,
  type SchemaIssue,
  type SchemaPathSegment,
  type SchemaResult,
  type SchemaTypes,
  type SchemaJsonConverter,
  type InferSchema,
} from './tools.js';
export { BaseLLM } from './llm/base.js';
export { isLLM, type LLM } from './llm/interface.js';
export { createRouter } from './router/create-router.js';
export { Router } from './router/router.js';
export type { RouterOptions, RouterStrategy, CooldownOptions } from './router/options.js';
export type { BudgetOptions } from './budget/options.js';
export type { BudgetStatus } from './budget/budget.js';
export type { ProviderSpec, ProviderCall, StreamPart, ToolDefinition } from './llm/spec.js';
export type { StructuredMode, StructuredOutputSupport, OutputRequest } from './llm/spec.js';
export type { StructuredOptions, DeepPartial } from './llm/structured/types.js';
export { StructuredOutputError } from './llm/structured/error.js';
export { detectProvider } from './detect.js';
export { createLLM } from './registry.js';
export type { HttpClient, PostRequest } from './transport/http.js';
export type { ProviderOptions, NoProviderOptions } from './providers/options.js';
export {
  OpenAIChatLLM,
  OpenAILLM,
  AzureOpenAILLM,
  GroqLLM,
  DeepSeekLLM,
  OpenRouterLLM,
  TogetherLLM,
  FireworksLLM,
  PerplexityLLM,
  CerebrasLLM,
  type OpenAIOptions,
  type AzureOpenAIOptions,
  type OpenRouterOptions,
} from './providers/openai-chat/llm.js';
export {
  TokenTracer,
  type TokenTracerOptions,
  type TracedCall,
  type TokenSummary,
  type ModelUsageSummary,
} from './usage/tracer.js';
export { estimateCost } from './usage/cost.js';
export { DEFAULT_PRICES, PRICES_AS_OF, type PriceTable, type ModelPrice } from './usage/prices.js';
export { MistralLLM } from './providers/mistral/llm.js';
export { OllamaLLM } from './providers/ollama/llm.js';
export { AnthropicLLM } from './providers/anthropic/llm.js';
export { GeminiLLM } from './providers/gemini/llm.js';
export { CohereLLM } from './providers/cohere/llm.js';
export {
  BedrockLLM,
  type BedrockOptions,
  type BedrockCredentials,
} from './providers/bedrock/llm.js';
export { RAG, type RAGOptions } from './rag/facade.js';
export { RAGPipeline, type RAGPipelineOptions, type AskOptions } from './rag/pipeline.js';
export { Retriever, type RetrieveOptions, type RetrieverSnapshot } from './rag/retriever.js';
export {
  RecursiveCharacterTextSplitter,
  type TextSplitter,
  type RecursiveCharacterTextSplitterOptions,
} from './rag/splitter.js';
export { ConversationMemory, type ConversationRole } from './rag/memory.js';
export { DEFAULT_RAG_SYSTEM_PROMPT } from './rag/prompt.js';
export type { Document, Chunk, Metadata, MetadataFilter, RetrievedChunk } from './rag/documents.js';
export { createEmbeddings } from './embeddings/create.js';
export { detectEmbeddingsProvider } from './embeddings/detect.js';
export type {
  Embeddings,
  EmbedOptions,
  EmbedCallOptions,
  EmbeddingModel,
  EmbeddingInputType,
  EmbeddingsFinishInfo,
  EmbeddingsOptions,
  EmbeddingsProviderName,
  EmbeddingsProviderOptions,
} from './embeddings/types.js';
// Observability: OpenTelemetry spans and metrics, and the debug log.
export { LOG_LEVEL_ENV, type Logger } from './log/logger.js';
export type {
  TelemetryOptions,
  TelemetryAttributes,
  TelemetryTracer,
  TelemetryMeter,
} from './telemetry/options.js';

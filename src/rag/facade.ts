import type { LLMConfigOptions } from '../config.js';
import { ConfigError } from '../errors.js';
import { BaseLLM } from '../llm/base.js';
import { createLLM } from '../llm/create.js';
import type { ProviderOptions } from '../providers/options.js';
import { TokenTracer } from '../usage/tracer.js';
import type { Document, Metadata, RetrievedChunk } from './documents.js';
import type { Embeddings } from './embeddings/request.js';
import { ConversationMemory } from './memory.js';
import { loadRetriever, saveRetriever } from './persistence.js';
import { RAGPipeline, type AskOptions } from './pipeline.js';
import { DEFAULT_RAG_SYSTEM_PROMPT } from './prompt.js';
import { Retriever } from './retriever.js';
import { checkInteger } from './validate.js';

/**
 * The LLM settings (any LLMConfig option: `baseUrl`, `cache`, `maxRetries`, ...) plus the RAG
 * ones. `model` is required unless a ready `llm` is given.
 */
export interface RAGOptions extends Omit<LLMConfigOptions, 'model'> {
  model?: string;
  /** Chunks retrieved per question, default 5. */
  retrievalTopK?: number;
  /** Question/answer turns remembered, default 10. */
  memoryWindow?: number;
  /** Characters per chunk, default 512. */
  chunkSize?: number;
  /** Characters repeated between neighbouring chunks, default 50. */
  chunkOverlap?: number;
  /** Record each answer's usage, latency and cost in `tracer`, default true. */
  trace?: boolean;
  /** Turns on hybrid retrieval (BM25 + cosine, fused by reciprocal rank). */
  embeddings?: Embeddings;
  /** Use this LLM instead of building one (then leave the LLM settings to it). */
  llm?: BaseLLM;
  /** The provider's typed options, e.g. Azure `{ endpoint, deployment }`. */
  providerOptions?: ProviderOptions[keyof ProviderOptions];
}

// Names users bring from the Python original.
const RAG_ALIASES: Record<string, string> = {
  retrieval_top_k: 'retrievalTopK',
  top_k: 'retrievalTopK',
  topK: 'retrievalTopK',
  memory_window: 'memoryWindow',
  chunk_size: 'chunkSize',
  chunk_overlap: 'chunkOverlap',
  provider_options: 'providerOptions',
};

/**
 * Retrieval-augmented generation in a few lines: add documents, ask questions, get answers
 * grounded in them, with a conversation memory and a usage tracer.
 */
export class RAG {
  readonly #pipeline: RAGPipeline;
  readonly #tracer: TokenTracer;
  /** Only an LLM we built is ours to close. */
  readonly #ownsLLM: boolean;

  constructor(options: RAGOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError('RAG expects an options object such as { model: "gpt-4o-mini" }.');
    }
    const {
      retrievalTopK,
      memoryWindow,
      chunkSize,
      chunkOverlap,
      trace,
      embeddings,
      llm: givenLLM,
      providerOptions,
      ...llmOptions
    } = options;
    rejectAliases(llmOptions);
    if (trace !== undefined && typeof trace !== 'boolean') {
      throw new ConfigError(`trace must be true or false (got ${String(trace)}).`, 'trace');
    }
    const systemPrompt = llmOptions.systemPrompt ?? DEFAULT_RAG_SYSTEM_PROMPT;
    this.#ownsLLM = givenLLM === undefined;
    const llm =
      givenLLM === undefined
        ? buildLLM({ ...llmOptions, systemPrompt }, providerOptions)
        : checkGivenLLM(givenLLM, llmOptions, providerOptions);
    this.#tracer = new TokenTracer({ model: llm.config.model, enabled: trace ?? true });
    this.#pipeline = new RAGPipeline({
      llm,
      retriever: new Retriever({ embeddings }),
      memory: new ConversationMemory(checkInteger(memoryWindow, 'memoryWindow', 1) ?? 10),
      tracer: this.#tracer,
      retrievalTopK,
      systemPrompt,
      chunkSize,
      chunkOverlap,
    });
  }

  get llm(): BaseLLM {
    return this.#pipeline.llm;
  }

  /** Each answer's own tokens, latency and estimated cost (disabled with `trace: false`). */
  get tracer(): TokenTracer {
    return this.#tracer;
  }

  get memory(): ConversationMemory {
    return this.#pipeline.memory;
  }

  /** Split `text` into chunks and store them; empty or whitespace-only text is ignored. Returns the chunk count. */
  add(text: string, metadata?: Metadata): Promise<number> {
    return this.#pipeline.add(text, metadata);
  }

  /** Store several documents (one embeddings pass in hybrid mode). Returns the chunk count. */
  addDocuments(documents: Document[]): Promise<number> {
    return this.#pipeline.addDocuments(documents);
  }

  /** The answer to `question`, from the `topK` best chunks and the conversation so far. */
  ask(question: string, options: AskOptions = {}): Promise<string> {
    return this.#pipeline.ask(question, options);
  }

  /** The answer as it is generated. */
  stream(question: string, options: AskOptions = {}): AsyncIterable<string> {
    return this.#pipeline.stream(question, options);
  }

  /** The chunks `question` would get as context, best first, with scores (to show sources). */
  retrieve(question: string, options: AskOptions = {}): Promise<RetrievedChunk[]> {
    return this.#pipeline.retrieve(question, options);
  }

  /** Write the documents (chunks, metadata, index, vectors) to one JSON file, atomically. */
  save(path: string): Promise<void> {
    return saveRetriever(this.#pipeline.retriever, path);
  }

  /** Replace the documents with those of a file written by `save`; the memory is kept. */
  load(path: string): Promise<void> {
    return loadRetriever(this.#pipeline.retriever, path);
  }

  /** Release the LLM's cache and rate-limit connections (when RAG built the LLM). */
  async close(): Promise<void> {
    if (this.#ownsLLM) await this.#pipeline.llm.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function buildLLM(options: RAGOptions, providerOptions: object | undefined): BaseLLM {
  if (options.model === undefined) {
    throw new ConfigError(
      'RAG needs a model, e.g. new RAG({ model: "gpt-4o-mini" }), or a ready llm.',
      'model',
    );
  }
  return createLLM(options as LLMConfigOptions, providerOptions);
}

/** With a ready LLM, its own settings rule: conflicting ones here would be silently ignored. */
function checkGivenLLM(
  llm: unknown,
  llmOptions: Omit<RAGOptions, 'retrievalTopK'>,
  providerOptions: object | undefined,
): BaseLLM {
  if (!(llm instanceof BaseLLM)) {
    throw new ConfigError('llm must be an LLM such as createLLM({ model }) returns.', 'llm');
  }
  const ignored = Object.entries(llmOptions)
    .filter(([key, value]) => value !== undefined && key !== 'systemPrompt')
    .filter(([key, value]) => !(key === 'model' && value === llm.config.model))
    .map(([key]) => key);
  if (providerOptions !== undefined) ignored.push('providerOptions');
  if (ignored.length > 0) {
    throw new ConfigError(
      `With llm given, configure the LLM itself: remove ${ignored.join(', ')} from the RAG options ` +
        '(or drop llm and let RAG build one from them).',
      ignored[0],
    );
  }
  return llm;
}

function rejectAliases(options: object): void {
  for (const key of Object.keys(options)) {
    const name = RAG_ALIASES[key];
    if (name) throw new ConfigError(`Unknown option '${key}'. Did you mean '${name}'?`, key);
  }
}

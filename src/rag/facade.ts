import type { LLMConfigOptions } from '../config.js';
import { ConfigError } from '../errors.js';
import { BaseLLM } from '../llm/base.js';
import { isLLM, type LLM } from '../llm/interface.js';
import { createLLM } from '../registry.js';
import type { ProviderOptions } from '../providers/options.js';
import { TokenTracer } from '../usage/tracer.js';
import type { Document, Metadata, RetrievedChunk } from './documents.js';
import type { Embeddings } from '../embeddings/types.js';
import { ConversationMemory } from './memory.js';
import { loadRetriever, saveRetriever } from './persistence.js';
import { RAGPipeline, type AskOptions } from './pipeline.js';
import { DEFAULT_RAG_SYSTEM_PROMPT } from './prompt.js';
import { Retriever } from './retriever.js';
import { checkInteger } from './validate.js';

/**
 * Settings of a {@link RAG}: the LLM settings (any {@link LLMConfigOptions} field: `baseUrl`,
 * `cache`, `maxRetries`, ...) plus the RAG ones. `model` is required unless a ready `llm` is
 * given. The Python original's names (`top_k`, `chunk_size`, ...) are refused with the name to
 * use.
 *
 * @category RAG
 */
export interface RAGOptions<L extends LLM = BaseLLM> extends Omit<LLMConfigOptions, 'model'> {
  /**
   * The model that answers, e.g. `gpt-4o-mini` (its provider is detected, or set `provider`).
   * Required unless `llm` is given; then only that LLM's own model id is accepted here.
   */
  model?: string;
  /**
   * Sent first with every question; default {@link DEFAULT_RAG_SYSTEM_PROMPT} (answer from the
   * context only). `''` sends none. Also allowed beside a ready `llm`.
   */
  systemPrompt?: string;
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
  /**
   * Turns on hybrid retrieval (BM25 + cosine, fused by reciprocal rank): any
   * {@link EmbeddingModel} from {@link createEmbeddings}, or your own {@link Embeddings}.
   * Chunks are embedded with `inputType: 'document'`, questions with `'query'`. RAG does not
   * close it: it may be shared.
   */
  embeddings?: Embeddings;
  /** Use this LLM (a provider class, a router) instead of building one (then leave the LLM settings to it). */
  llm?: L;
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
 *
 * It builds the LLM with {@link createLLM} (or uses the `llm` given), a
 * {@link RecursiveCharacterTextSplitter}, a {@link Retriever} (BM25, no model or network
 * needed; hybrid with `embeddings`), a {@link ConversationMemory} and a {@link TokenTracer},
 * and wires them into a {@link RAGPipeline}. Answers go through the LLM's `streamWithMessages`,
 * so its cache, retries, rate limit and timeouts apply. The documents are kept in memory;
 * {@link RAG.save} and {@link RAG.load} keep them in a file.
 *
 * @example
 * ```ts
 * const rag = new RAG({ model: 'gpt-4o-mini' }); // key from OPENAI_API_KEY
 * await rag.add('Our support line is open 9:00-17:00 CET, Monday to Friday.', { source: 'faq' });
 * console.log(await rag.ask('When can I call support?'));
 * for await (const text of rag.stream('And on Saturdays?')) process.stdout.write(text); // memory
 * console.log(await rag.retrieve('support hours')); // [{ text, metadata: { source }, score }]
 * console.log(rag.tracer.summary().estimatedCostUsd);
 * await rag.close();
 * ```
 *
 * @category RAG
 */
export class RAG<L extends LLM = BaseLLM> {
  readonly #pipeline: RAGPipeline<L>;
  readonly #tracer: TokenTracer;
  /** Only an LLM we built is ours to close. */
  readonly #ownsLLM: boolean;

  /**
   * @param options `model` (or a ready `llm`) and any LLM or RAG setting.
   * @throws ConfigError without `model` or `llm`, for a bad or unknown option (a Python-style
   *   name gets the name to use), for LLM settings beside a ready `llm`, or when the provider's
   *   API key is missing (naming its env var).
   */
  constructor(options: RAGOptions<L>) {
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
        ? // Without `llm`, L is its default, BaseLLM: what buildLLM returns.
          (buildLLM({ ...llmOptions, systemPrompt }, providerOptions) as unknown as L)
        : checkGivenLLM(givenLLM, llmOptions, providerOptions);
    this.#tracer = new TokenTracer({ model: modelOf(llm), enabled: trace ?? true });
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

  /** The LLM that answers: the one given as `llm`, or the one built from the options. */
  get llm(): L {
    return this.#pipeline.llm;
  }

  /** Each answer's own tokens, latency and estimated cost (disabled with `trace: false`). */
  get tracer(): TokenTracer {
    return this.#tracer;
  }

  /**
   * The last `memoryWindow` question/answer turns, sent with every question; `clear()` it to
   * start a new conversation.
   */
  get memory(): ConversationMemory {
    return this.#pipeline.memory;
  }

  /**
   * Split `text` into chunks and store them, each with a copy of `metadata` (JSON, e.g.
   * `{ source: 'faq.md' }`). Empty or whitespace-only text is ignored. Resolves to the number of
   * chunks stored. In hybrid mode the chunks are embedded first; if that fails, none is stored.
   *
   * @throws ConfigError for text that is not a string or metadata that is not a JSON object.
   */
  add(text: string, metadata?: Metadata): Promise<number> {
    return this.#pipeline.add(text, metadata);
  }

  /**
   * Store several documents as {@link RAG.add} does, with one embeddings pass in hybrid mode.
   * Resolves to the number of chunks stored.
   *
   * @throws ConfigError when `documents` is not an array of `{ text, metadata? }`.
   */
  addDocuments(documents: Document[]): Promise<number> {
    return this.#pipeline.addDocuments(documents);
  }

  /**
   * The whole answer to `question`, from the `topK` best chunks (default `retrievalTopK`) and
   * the conversation so far. The turn is then remembered and its usage recorded in `tracer`.
   * With no matching chunk the model is told "No context available.".
   *
   * @throws ConfigError for an empty question or bad options (before any request); otherwise
   *   the typed errors of the LLM (`AuthenticationError`, `RateLimitError`, `AbortError`...) and,
   *   in hybrid mode, of the embeddings client.
   */
  ask(question: string, options: AskOptions = {}): Promise<string> {
    return this.#pipeline.ask(question, options);
  }

  /**
   * The answer as it is generated, as {@link RAG.ask} gives it whole. Bad input throws a
   * ConfigError at once. A turn is remembered as soon as any text was produced, also when you
   * `break` early or the stream fails after some text (the error is then rethrown).
   */
  stream(question: string, options: AskOptions = {}): AsyncIterable<string> {
    return this.#pipeline.stream(question, options);
  }

  /**
   * The chunks `question` would get as context, best first, with their scores (to show
   * sources). No LLM call; in hybrid mode, one embeddings request for the question. Lexical
   * retrieval returns only chunks that match a word of the question, so it may return fewer
   * than `topK`, or none.
   *
   * @throws ConfigError for an empty question or bad options.
   */
  retrieve(question: string, options: AskOptions = {}): Promise<RetrievedChunk[]> {
    return this.#pipeline.retrieve(question, options);
  }

  /**
   * Write the documents (chunks, metadata, BM25 index, vectors) to one versioned JSON file,
   * atomically: a failed save leaves the previous file as it was. The memory is not saved.
   *
   * @throws ConfigError when nothing was added (so an empty store never replaces a saved one);
   *   the file system's own error when the file cannot be written.
   */
  save(path: string): Promise<void> {
    return saveRetriever(this.#pipeline.retriever, path);
  }

  /**
   * Replace the documents with those of a file written by {@link RAG.save}; the memory is
   * kept. Saved vectors are dropped without `embeddings`; a file saved without vectors is
   * embedded now when this RAG has `embeddings`.
   *
   * @throws ConfigError naming the file when it is missing, unreadable, not a synapsekit RAG
   *   file, of another format version, or damaged.
   */
  load(path: string): Promise<void> {
    return loadRetriever(this.#pipeline.retriever, path);
  }

  /**
   * Release the LLM's cache and rate-limit connections, when RAG built the LLM (a given `llm`
   * is left to its owner). Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.#ownsLLM) await this.#pipeline.llm.close();
  }

  /** `close()`, for `await using rag = new RAG(...)`. */
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
function checkGivenLLM<L extends LLM>(
  llm: L,
  llmOptions: Omit<RAGOptions<L>, 'retrievalTopK'>,
  providerOptions: object | undefined,
): L {
  if (!isLLM(llm)) {
    throw new ConfigError(
      'llm must be an LLM such as createLLM({ model }) or createRouter({ models }) returns.',
      'llm',
    );
  }
  const ignored = Object.entries(llmOptions)
    .filter(([key, value]) => value !== undefined && key !== 'systemPrompt')
    .filter(([key, value]) => !(key === 'model' && value === modelOf(llm)))
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

/** The model id of a provider class; undefined for a router (each answer names its own). */
function modelOf(llm: LLM): string | undefined {
  return llm instanceof BaseLLM ? llm.config.model : undefined;
}

import { ConfigError } from '../errors.js';
import type { BaseLLM } from '../llm/base.js';
import { isLLM, type LLM } from '../llm/interface.js';
import type { FinishInfo } from '../types.js';
import type { TokenTracer } from '../usage/tracer.js';
import {
  copyMetadata,
  type Chunk,
  type Document,
  type Metadata,
  type MetadataFilter,
  type RetrievedChunk,
} from './documents.js';
import { ConversationMemory } from './memory.js';
import { buildRagMessages, DEFAULT_RAG_SYSTEM_PROMPT } from './prompt.js';
import { Retriever } from './retriever.js';
import { RecursiveCharacterTextSplitter, type TextSplitter } from './splitter.js';
import { checkInteger, checkText, show } from './validate.js';

/**
 * The parts of a {@link RAGPipeline}; all but `llm` have defaults.
 *
 * @category RAG
 */
export interface RAGPipelineOptions<L extends LLM = BaseLLM> {
  /**
   * The LLM that answers, e.g. `createLLM({ model })`. Its own `systemPrompt` applies only when
   * the pipeline's is `''`.
   */
  llm: L;
  /** Default: a lexical (BM25) retriever. */
  retriever?: Retriever;
  /** Default: `new ConversationMemory(10)`. */
  memory?: ConversationMemory;
  /** Records each answer's own usage, latency and cost; none by default. */
  tracer?: TokenTracer;
  /** Chunks retrieved per question, default 5. */
  retrievalTopK?: number;
  /** Sent first with every question; default {@link DEFAULT_RAG_SYSTEM_PROMPT}; `''`: none. */
  systemPrompt?: string;
  /** Default: `new RecursiveCharacterTextSplitter({ chunkSize, chunkOverlap })`. */
  splitter?: TextSplitter;
  /** Characters per chunk for the default splitter, default 512 (ignored with `splitter`). */
  chunkSize?: number;
  /** Characters repeated between neighbouring chunks for the default splitter, default 50. */
  chunkOverlap?: number;
}

/**
 * Per-question options of `ask`, `stream` and `retrieve` ({@link RAG} and {@link RAGPipeline}).
 *
 * @category RAG
 */
export interface AskOptions {
  /** Chunks retrieved for this question (default: retrievalTopK). */
  topK?: number;
  /** Only chunks whose metadata passes this filter are retrieved (see {@link MetadataFilter}). */
  filter?: MetadataFilter;
  /** Cancels retrieval and the LLM request. */
  signal?: AbortSignal;
  /**
   * Called when the answer ended normally, with its usage and finish reason (e.g. `length`
   * when it was cut at `maxTokens`), after the tracer recorded it. `retrieve` ignores it.
   */
  onFinish?: (info: FinishInfo) => void;
}

/**
 * Retrieval-augmented answers: split and store documents; for a question, retrieve the best
 * chunks and stream the LLM's answer through `streamWithMessages`, so the LLM's cache,
 * retries, rate limit and timeouts all apply.
 *
 * {@link RAG} builds one of these for you; use it directly to bring your own parts (a
 * retriever with embeddings, a splitter, a shared memory or tracer). The messages sent are the
 * system prompt, then the remembered turns, then the question with each chunk in
 * `<document>` tags. Unlike `RAG`, it has no `save`/`load` and no tracer unless given one.
 *
 * @example
 * ```ts
 * const embeddings = createEmbeddings({ model: 'text-embedding-3-small' });
 * const pipeline = new RAGPipeline({
 *   llm: createLLM({ model: 'gpt-4o-mini' }),
 *   retriever: new Retriever({ embeddings }), // hybrid: BM25 + cosine
 *   splitter: new RecursiveCharacterTextSplitter({ chunkSize: 300, chunkOverlap: 30 }),
 *   tracer: new TokenTracer({ model: 'gpt-4o-mini' }),
 *   retrievalTopK: 3,
 * });
 * await pipeline.addDocuments([
 *   { text: 'Invoices are sent on the 1st of each month.', metadata: { source: 'billing' } },
 *   { text: 'Refunds take five working days.', metadata: { source: 'billing' } },
 * ]);
 * const answer = await pipeline.ask('How long does a refund take?', {
 *   filter: { source: 'billing' },
 * });
 * console.log(answer, pipeline.tracer?.summary().estimatedCostUsd);
 * ```
 *
 * @category RAG
 */
export class RAGPipeline<L extends LLM = BaseLLM> {
  /** The LLM that answers. */
  readonly llm: L;
  /** Stores the chunks and finds them for a question. */
  readonly retriever: Retriever;
  /** The remembered turns, sent with every question. */
  readonly memory: ConversationMemory;
  /** Records each answer's usage, latency and cost; undefined when none was given. */
  readonly tracer: TokenTracer | undefined;
  /** Cuts added documents into chunks. */
  readonly splitter: TextSplitter;
  /** Chunks retrieved per question when `topK` is not given. */
  readonly retrievalTopK: number;
  /** The system message sent first with every question (`''`: none). */
  readonly systemPrompt: string;

  /**
   * @param options The LLM, and optionally the other parts (see {@link RAGPipelineOptions}).
   * @throws ConfigError when `llm` is not a synapsekit LLM ({@link LLM}), for a bad
   *   `retrievalTopK` or `systemPrompt`, or for a bad `chunkSize`/`chunkOverlap` (the overlap
   *   must be smaller than the size).
   */
  constructor(options: RAGPipelineOptions<L>) {
    if (options === null || typeof options !== 'object' || !isLLM(options.llm)) {
      throw new ConfigError(
        'RAGPipeline needs { llm } (an LLM built with createLLM or createRouter).',
        'llm',
      );
    }
    this.llm = options.llm;
    this.retriever = options.retriever ?? new Retriever();
    this.memory = options.memory ?? new ConversationMemory();
    this.tracer = options.tracer;
    this.retrievalTopK = checkInteger(options.retrievalTopK, 'retrievalTopK', 1) ?? 5;
    this.systemPrompt = options.systemPrompt ?? DEFAULT_RAG_SYSTEM_PROMPT;
    if (typeof this.systemPrompt !== 'string') {
      throw new ConfigError(`systemPrompt must be a string (got ${show(this.systemPrompt)}).`);
    }
    this.splitter =
      options.splitter ??
      new RecursiveCharacterTextSplitter({
        chunkSize: options.chunkSize,
        chunkOverlap: options.chunkOverlap,
      });
  }

  /**
   * Split `text` and store its chunks, each with a copy of `metadata`; empty or whitespace-only
   * text is ignored. Resolves to the number of chunks stored.
   */
  async add(text: string, metadata?: Metadata): Promise<number> {
    return this.addDocuments([{ text, metadata }]);
  }

  /**
   * Store several documents at once (one embeddings pass in hybrid mode; if it fails, nothing
   * is stored). Resolves to the number of chunks stored.
   *
   * @throws ConfigError when a document is not `{ text: string, metadata?: object }` or its
   *   metadata cannot be copied as JSON.
   */
  async addDocuments(documents: Document[]): Promise<number> {
    if (!Array.isArray(documents)) {
      throw new ConfigError(
        `addDocuments expects an array of { text, metadata? } (got ${show(documents)}).`,
        'documents',
      );
    }
    const chunks: Chunk[] = [];
    documents.forEach((document, index) => {
      if (document === null || typeof document !== 'object') {
        throw new ConfigError(`documents[${index}] must be { text, metadata? }.`, 'documents');
      }
      const text = checkText(document.text, `documents[${index}].text`);
      const metadata = copyMetadata(document.metadata);
      for (const piece of this.splitter.split(text)) {
        chunks.push({ text: piece, metadata: structuredClone(metadata) });
      }
    });
    await this.retriever.add(chunks);
    return chunks.length;
  }

  /** The chunks a question would get as context, best first, with scores; no LLM call. */
  // async, so a bad question rejects like every other failure of a Promise-returning method.
  async retrieve(question: string, options: AskOptions = {}): Promise<RetrievedChunk[]> {
    return this.retriever.retrieve(checkQuestion(question), {
      ...options,
      topK: options.topK ?? this.retrievalTopK,
    });
  }

  /**
   * Stream the answer. Bad input throws a ConfigError here, before any request. When text has
   * been produced (the whole answer, or part of it before a failure or an early `break`), the
   * turn goes into memory; a failure is then rethrown.
   */
  stream(question: string, options: AskOptions = {}): AsyncIterable<string> {
    const checked = checkQuestion(question);
    if (options === null || typeof options !== 'object') {
      throw new ConfigError('Ask options must be an object such as { topK: 3 }.', 'options');
    }
    const topK = checkInteger(options.topK, 'topK', 1) ?? this.retrievalTopK;
    if (options.onFinish !== undefined && typeof options.onFinish !== 'function') {
      throw new ConfigError(
        `onFinish must be a function (got ${show(options.onFinish)}).`,
        'onFinish',
      );
    }
    return this.#answer(checked, { ...options, topK });
  }

  /** The whole answer as one string (the collected {@link RAGPipeline.stream}). */
  async ask(question: string, options: AskOptions = {}): Promise<string> {
    let answer = '';
    for await (const piece of this.stream(question, options)) answer += piece;
    return answer;
  }

  async *#answer(question: string, options: AskOptions & { topK: number }): AsyncGenerator<string> {
    const { signal } = options;
    const chunks = await this.retriever.retrieve(question, options);
    const messages = buildRagMessages({
      systemPrompt: this.systemPrompt,
      history: this.memory.formatContext(),
      chunks,
      question,
    });
    const started = performance.now();
    let answer = '';
    try {
      const pieces = this.llm.streamWithMessages(messages, {
        ...(signal ? { signal } : {}),
        // This call's own usage, so concurrent asks never see each other's tokens.
        onFinish: (info) => {
          this.tracer?.recordUsage(info.usage, {
            model: info.model,
            latencyMs: performance.now() - started,
            cached: info.cached,
          });
          options.onFinish?.(info);
        },
      });
      for await (const piece of pieces) {
        answer += piece;
        yield piece;
      }
    } finally {
      if (answer !== '') {
        this.memory.add('user', question);
        this.memory.add('assistant', answer);
      }
    }
  }
}

function checkQuestion(question: unknown): string {
  const text = checkText(question, 'question');
  if (text.trim() === '') throw new ConfigError('question must not be empty.', 'question');
  return text;
}

import { AbortError, ProviderError, SynapseKitError } from '../errors.js';
import { unexpected } from '../llm/attempts.js';
import { retryDelayFor, sleep } from '../llm/retry.js';
import type { RateLimiter } from '../rate-limit/registry.js';
import type { HttpClient } from '../transport/http.js';
import { maxAnswerBytes, readJson } from './read-json.js';
import type { EmbeddingsProvider } from './spec.js';

/** What sending one batch needs from the embeddings instance it runs for. */
export interface BatchContext {
  provider: EmbeddingsProvider;
  maxRetries: number;
  /** Seconds: the first backoff step. */
  retryDelay: number;
  /** Undefined for the model's own length; else every vector must have it. */
  dimensions: number | undefined;
  /** A fresh HTTP exchange for one attempt. */
  httpClient(signal: AbortSignal | undefined): HttpClient;
  /** The shared rate-limit bucket, when there is a limit. */
  rateLimiter(): RateLimiter | undefined;
  /** Adds an answer's reported input tokens to the instance's running total. */
  bill(inputTokens: number): void;
}

/** One batch's vectors, its reported usage (over every attempt) and the requests it took. */
export interface SentBatch {
  vectors: number[][];
  /** Undefined when no attempt reported usage. */
  inputTokens: number | undefined;
  requests: number;
}

/**
 * Send one batch, retried by the LLM pipeline's rules (`retryDelayFor`: retryable statuses,
 * server-requested delays, backoff, abortable sleeps). Every attempt takes a rate-limit token.
 * When retries run out, the last typed error is thrown with every attempt's error in `attempts`.
 */
export async function sendBatch(
  context: BatchContext,
  texts: string[],
  inputType: string | undefined,
  signal: AbortSignal | undefined,
): Promise<SentBatch> {
  const { provider } = context;
  const errors: SynapseKitError[] = [];
  let inputTokens: number | undefined;
  let requests = 0;
  for (let attempt = 1; ; attempt++) {
    let http: HttpClient | undefined;
    let delayMs: number | undefined;
    try {
      await context.rateLimiter()?.take(signal);
      http = context.httpClient(signal);
      // Built per attempt: a SigV4 signature is dated, and a credential provider may refresh.
      const request = await provider.request(texts, inputType);
      requests++;
      const response = await http.post(provider.endpoint, request);
      const answer = await readJson(http, response, {
        provider: provider.name,
        secrets: provider.secrets(),
        maxBytes: maxAnswerBytes(texts.length),
      });
      const read = provider.read(answer, response.headers, texts.length);
      if (read.inputTokens !== undefined) {
        // An answer that arrived was billed, whatever is wrong with it below.
        inputTokens = (inputTokens ?? 0) + read.inputTokens;
        context.bill(read.inputTokens);
      }
      checkVectors(read.vectors, texts.length, context.dimensions, provider);
      return { vectors: read.vectors, inputTokens, requests };
    } catch (raw) {
      const error = typedError(raw, provider);
      errors.push(error);
      if (error instanceof AbortError) throw error.recordAttempts(errors);
      delayMs = retryDelayFor(error, attempt - 1, context.maxRetries, context.retryDelay);
      if (delayMs === undefined) throw error.recordAttempts(errors);
    } finally {
      // Before any retry wait: the exchange is over either way.
      http?.close();
    }
    try {
      await sleep(delayMs, signal);
    } catch (abort) {
      // Aborted while waiting to retry: the caller still sees what went wrong before.
      errors.push(abort as AbortError);
      throw (abort as AbortError).recordAttempts(errors);
    }
  }
}

/** Any throw as one of ours (scrubbed when it was not), with the provider's advice added. */
function typedError(raw: unknown, provider: EmbeddingsProvider): SynapseKitError {
  const typed =
    raw instanceof SynapseKitError ? raw : unexpected(raw, provider.name, provider.secrets());
  const explained = provider.explain?.(typed) ?? typed;
  return explained instanceof SynapseKitError ? explained : typed;
}

/** A vector per text, each of the asked length: a model that ignored `dimensions` is an error. */
function checkVectors(
  vectors: number[][],
  count: number,
  dimensions: number | undefined,
  provider: EmbeddingsProvider,
): void {
  if (vectors.length !== count) {
    throw new ProviderError(
      `${provider.name} answered ${vectors.length} vectors for ${count} texts.`,
      { provider: provider.name, retryable: false },
    );
  }
  const wrong = dimensions === undefined ? undefined : vectors.find((v) => v.length !== dimensions);
  if (wrong !== undefined) {
    throw new ProviderError(
      `${provider.name} answered vectors of ${wrong.length} dimensions, but dimensions: ` +
        `${dimensions} was asked for: the model ignores it. Drop dimensions, or use a model that ` +
        'supports shorter vectors.',
      { provider: provider.name, retryable: false },
    );
  }
}

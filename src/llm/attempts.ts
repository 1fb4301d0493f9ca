import {
  AbortError,
  ConnectionError,
  ProviderError,
  StreamInterruptedError,
  SynapseKitError,
} from '../errors.js';
import type { LLMEvent, StepResponse } from '../events.js';

export type { StepResponse } from '../events.js';
import type { AttemptTicket } from '../rate-limit/limiter.js';
import type { ExchangeObserver, HttpClient } from '../transport/http.js';
import { scrubbedCause, scrubSecrets } from '../transport/secrets.js';
import type { ProviderName, Usage } from '../types.js';
import { addUsage, noUsage } from '../usage/totals.js';
import type { CallObserver } from './observe.js';
import { retryDelayFor, sleep } from './retry.js';
import type { ProviderCall, StreamPart } from './spec.js';
import { Turn } from './turn.js';

/** What the attempt loop needs from the LLM instance it runs for. */
export interface AttemptContext {
  provider: ProviderName;
  maxRetries: number;
  /** Seconds: the first backoff step. */
  retryDelay: number;
  /** The provider's translation of one call (its `streamParts`). */
  streamParts(call: ProviderCall, http: HttpClient): AsyncIterable<StreamPart>;
  /**
   * A fresh HTTP exchange for one attempt; it hands the response headers to the ticket (and is
   * told to `observer` when one watches the call).
   */
  httpClient(
    signal: AbortSignal | undefined,
    ticket: AttemptTicket,
    observer?: ExchangeObserver,
  ): HttpClient;
  /**
   * Before every attempt: refuses a call over budget, then waits for the rate limits. Returns
   * the attempt's ticket, which hears how the attempt went.
   */
  admit(signal: AbortSignal | undefined): AttemptTicket | Promise<AttemptTicket>;
  /** Adds an attempt's reported usage to the instance's running totals. */
  bill(usage: Usage): void;
  /** Strings no error may contain (API keys, credentials, header values). */
  secrets(): readonly string[];
}

/**
 * Called once when the whole call ended normally (a single-step call, the last step of a
 * loop): reports it (onFinish) and gives the `finish` event for the events view.
 */
export type EndCall = (response: StepResponse) => LLMEvent;

/**
 * What the caller sees: `text` yields answer text as strings (stream/generate), `events` yields
 * every content event (streamEvents/generateResponse). `buffered` holds each attempt's output
 * until it succeeded, so a retry starts from scratch without repeating anything.
 */
export type View = 'text' | 'events';

/**
 * One call to the provider, retried until an attempt succeeds: content events (or text) as
 * they arrive, then the call's response. With `end` (the call is a single step) the `finish`
 * event comes from here too, so a plain call runs through one generator only; a step of a tool
 * loop has no `end`, and the loop finishes the call. An unbuffered call retries only while nothing reached
 * the caller; after that a failure is a `StreamInterruptedError` with the partial response.
 * The provider's parts are read here directly, not through a per-attempt generator: every
 * layer costs time on each text piece. `observer` (telemetry, debug log) hears of each attempt,
 * rate-limit wait, retry and outcome; never of a chunk.
 */
export async function* runAttempts(
  context: AttemptContext,
  call: ProviderCall,
  signal: AbortSignal | undefined,
  view: View,
  buffered: boolean,
  end?: EndCall,
  observer?: CallObserver,
): AsyncGenerator<LLMEvent | string, StepResponse> {
  const errors: SynapseKitError[] = [];
  const usage = noUsage();
  let delivered = false;
  for (let attempt = 1; ; attempt++) {
    const turn = new Turn(context.provider);
    const pending: Array<LLMEvent | string> = [];
    const events: LLMEvent[] = [];
    let http: HttpClient | undefined;
    let ticket: AttemptTicket | undefined;
    let attemptUsage: Usage | undefined;
    let ended = false;
    // Text pieces in a row are collected here and handed to the turn, joined, at the next other
    // part: an array push per piece on the hot path (appending to a string that grows over a
    // long stream costs more, and most of it in the garbage collector).
    let textRun: string[] = [];
    const flushText = (): void => {
      if (textRun.length === 0) return;
      turn.addText(textRun.join(''), undefined);
      textRun = [];
    };
    // Closes the request (when the consumer stopped early or the attempt failed), bills what
    // the provider reported and tells the rate limits how it went; once, before any retry wait.
    const endAttempt = (error?: SynapseKitError): void => {
      if (ended) return;
      ended = true;
      http?.close();
      if (attemptUsage?.reported) {
        addUsage(usage, attemptUsage);
        context.bill(attemptUsage);
      }
      ticket?.end(attemptUsage, error);
    };
    try {
      observer?.attemptStarted(attempt);
      // Every attempt, retries included, is admitted; waiting for it is not part of `timeout`.
      const admitted = context.admit(signal);
      if (admitted instanceof Promise) {
        const waitStarted = observer ? performance.now() : undefined;
        ticket = await admitted;
        if (waitStarted !== undefined) observer?.rateLimitWaited(performance.now() - waitStarted);
      } else {
        ticket = admitted;
      }
      http = context.httpClient(signal, ticket, observer);
      for await (const part of context.streamParts(call, http)) {
        if (part.type === 'text') {
          const text = part.text;
          if (part.providerData !== undefined) {
            flushText();
            turn.addText(text, part.providerData);
          } else {
            textRun.push(text);
          }
          if (text === '') continue;
          // A text part without provider data already has the event's shape: no new object.
          const out =
            view === 'text'
              ? text
              : part.providerData === undefined
                ? part
                : { type: 'text' as const, text };
          if (buffered) {
            pending.push(out);
          } else {
            delivered = true;
            yield out;
            // The caller may have aborted while holding this piece; the rest of the network
            // read is already parsed, so check before handing over more.
            if (signal?.aborted) throw abortError(signal);
          }
        } else if (part.type === 'usage') {
          // Some providers repeat cumulative usage on every chunk: the last report is the total.
          attemptUsage = part.usage;
        } else {
          flushText();
          turn.add(part, events);
          if (events.length === 0) continue;
          if (view === 'events') {
            if (buffered) {
              pending.push(...events);
            } else {
              delivered = true;
              for (const event of events) {
                yield event;
                if (signal?.aborted) throw abortError(signal);
              }
            }
          }
          events.length = 0;
        }
      }
      flushText();
      if (!turn.finished) {
        throw new ConnectionError(
          `The ${context.provider} stream ended before the provider's end-of-response signal; the answer is incomplete.`,
          { provider: context.provider, retryable: true },
        );
      }
    } catch (raw) {
      const error =
        raw instanceof SynapseKitError ? raw : unexpected(raw, context.provider, context.secrets());
      endAttempt(error);
      flushText();
      errors.push(error);
      observer?.attemptFailed(error);
      if (error instanceof AbortError) throw error.recordAttempts(errors);
      if (delivered) {
        const partial = {
          ...responseOf(turn, usage, 1),
          model: call.model,
          provider: context.provider,
        };
        throw new StreamInterruptedError(turn.text, error, partial).recordAttempts(errors);
      }
      const delayMs = retryDelayFor(error, attempt - 1, context.maxRetries, context.retryDelay);
      if (delayMs === undefined) throw error.recordAttempts(errors);
      observer?.retrying(error, attempt + 1, delayMs);
      try {
        await sleep(delayMs, signal);
      } catch (abort) {
        // Aborted while waiting to retry: the caller still sees what went wrong before.
        errors.push(abort as AbortError);
        throw (abort as AbortError).recordAttempts(errors);
      }
      continue;
    } finally {
      endAttempt();
    }
    observer?.attemptSucceeded(attemptUsage, turn.responseModel);
    for (const out of pending) yield out;
    const response = responseOf(turn, usage, attempt);
    if (ticket?.rateLimit) response.rateLimit = ticket.rateLimit;
    if (end) {
      const finish = end(response);
      if (view === 'events') yield finish;
    }
    return response;
  }
}

function abortError(signal: AbortSignal): AbortError {
  return new AbortError(undefined, { cause: signal.reason });
}

/** The response of one finished (or interrupted) turn. */
function responseOf(turn: Turn, usage: Usage, attempts: number): StepResponse {
  return {
    text: turn.text,
    reasoning: turn.reasoning,
    toolCalls: turn.toolCalls,
    finishReason: turn.finishReason,
    providerFinishReason: turn.providerFinishReason,
    usage,
    messages: turn.isEmpty ? [] : [turn.message],
    cached: false,
    steps: 1,
    attempts,
  };
}

/**
 * A bug or an unexpected throw inside a provider: keep it, but typed, so callers can catch one
 * hierarchy; scrubbed, because what threw may quote a credential (a signer refusing a header).
 * The embeddings pipeline types its providers' throws with it too.
 */
export function unexpected(
  raw: unknown,
  provider: ProviderName,
  secrets: readonly string[],
): SynapseKitError {
  const message = scrubSecrets(raw instanceof Error ? raw.message : String(raw), secrets);
  return new ProviderError(
    `Unexpected failure while handling the ${provider} response: ${message}`,
    {
      provider,
      retryable: false,
      cause: scrubbedCause(raw, secrets),
    },
  );
}

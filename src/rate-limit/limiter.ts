import { MAX_RETRY_DELAY_MS } from '../config.js';
import { RateLimitError, type SynapseKitError } from '../errors.js';
import type { RateLimitInfo, Usage } from '../types.js';
import type { TokenBucket } from './bucket.js';
import { rateLimitInfo, readRateLimitHeaders, type RateLimitReport } from './headers.js';
import type { LearnedLimits } from './learned.js';
import type {
  RateLimitKey,
  RateLimitRegistry,
  RateLimiter,
  RateLimitSettings,
} from './registry.js';

/** What the limiter of one LLM instance needs to know. */
export interface CallLimiterSettings extends RateLimitSettings {
  /** Seconds: the first backoff step, the pause after a 429 that said nothing about when to come back. */
  retryDelay: number;
}

/**
 * One attempt's pass through the rate limits: the transport hands it the response headers, the
 * attempt loop tells it how the attempt ended.
 */
export interface AttemptTicket {
  /** The response headers arrived (any status): read the provider's rate-limit headers once. */
  onHeaders(headers: Headers): void;
  /** The attempt ended: charge the tokens it reported, pause everyone if it was told to wait. */
  end(usage: Usage | undefined, error: SynapseKitError | undefined): void;
  /** What the response's rate-limit headers said, for `onFinish`. */
  readonly rateLimit: RateLimitInfo | undefined;
}

/**
 * The rate limits of one LLM instance: the limits its user gave (`requestsPerMinute`,
 * `tokensPerMinute`, in memory or on Redis, shared by every instance with the same key) and
 * what the provider's responses taught about the same quota. `admit` is awaited before every
 * attempt (retries included); cache hits never reach it.
 */
export class CallLimiter {
  readonly #registry: RateLimitRegistry;
  readonly #key: RateLimitKey;
  readonly #settings: CallLimiterSettings;
  readonly #id: string;
  #given: RateLimiter | undefined;

  constructor(registry: RateLimitRegistry, key: RateLimitKey, settings: CallLimiterSettings) {
    this.#registry = registry;
    this.#key = key;
    this.#settings = settings;
    this.#id = registry.idOf(key);
  }

  /**
   * Wait until this attempt may be sent: after the first response of the quota arrived (the
   * probe goes alone), after any pause a 429 asked for, with a request token, and while the
   * tokens bucket holds more than the calls still running are expected to use. Returns at once,
   * without a promise, when nothing limits the attempt.
   */
  admit(signal: AbortSignal | undefined): AttemptTicket | Promise<AttemptTicket> {
    const learned = this.#registry.learned(this.#id);
    const requests = this.#requestsBucket(learned);
    const tokens = this.#tokensBucket(learned);
    const probe = learned.enter(signal);
    if (probe === false && requests.grantsAtOnce() && tokens.grantsAtOnce()) {
      return this.#ticket(learned, requests, tokens, false);
    }
    return this.#admitInTurn(learned, requests, tokens, probe, signal);
  }

  /** Stop holding the shared buckets. */
  async release(): Promise<void> {
    const given = this.#given;
    this.#given = undefined;
    await given?.release();
  }

  async #admitInTurn(
    learned: LearnedLimits,
    requests: TokenBucket,
    tokens: TokenBucket,
    entering: boolean | Promise<boolean>,
    signal: AbortSignal | undefined,
  ): Promise<AttemptTicket> {
    const probe = await entering;
    let held = 0;
    try {
      await requests.take(signal);
      held = tokensHeldFor(learned, tokens);
      await tokens.take(signal, { need: ADMIT_WHILE_POSITIVE, take: held });
    } catch (error) {
      // Aborted while waiting: the probe never went, so the next caller in line becomes it.
      if (probe) learned.probeCancelled();
      throw error;
    }
    return this.#ticket(learned, requests, tokens, probe, held);
  }

  #ticket(
    learned: LearnedLimits,
    requests: TokenBucket,
    tokens: TokenBucket,
    probe: boolean,
    tokensHeld = 0,
  ): AttemptTicket {
    learned.awaitingHeaders++;
    learned.awaitingUsage++;
    const backoffMs = this.#settings.retryDelay * 1000;
    return new Ticket({ learned, requests, tokens, probe, tokensHeld, backoffMs });
  }

  /** The given limits' buckets, taken on first use (`endpoint` belongs to the subclass). */
  #givenLimits(): RateLimiter | undefined {
    const { requestsPerMinute, tokensPerMinute } = this.#settings;
    if (requestsPerMinute === undefined && tokensPerMinute === undefined) return undefined;
    this.#given ??= this.#registry.acquire(this.#key, this.#settings);
    return this.#given;
  }

  #requestsBucket(learned: LearnedLimits): TokenBucket {
    return this.#givenLimits()?.requests ?? learned.requests;
  }

  #tokensBucket(learned: LearnedLimits): TokenBucket {
    return this.#givenLimits()?.tokens ?? learned.tokens;
  }
}

/** A call is admitted while the tokens bucket is above zero. */
const ADMIT_WHILE_POSITIVE = 1e-6;

/**
 * The tokens a call holds while it runs: the mean of what calls of this quota reported (a
 * bucketful until one did). Held when the call is admitted, so calls running side by side
 * cannot all start on the same tokens; replaced by what the provider reported when it ends
 * (no tokenizer guesses).
 */
function tokensHeldFor(learned: LearnedLimits, bucket: TokenBucket): number {
  const shape = bucket.shape;
  return shape ? learned.tokensPerCall(shape.capacity) : 0;
}

/** Run a bucket operation that may go to Redis without waiting for it; it never fails a call. */
function inBackground(result: void | Promise<void>): void {
  if (result) result.catch(() => undefined);
}

interface TicketParts {
  learned: LearnedLimits;
  requests: TokenBucket;
  tokens: TokenBucket;
  /** The first request of the quota, which the others waited for. */
  probe: boolean;
  /** Tokens taken from the tokens bucket at admission, settled when the call ends. */
  tokensHeld: number;
  backoffMs: number;
}

class Ticket implements AttemptTicket {
  rateLimit: RateLimitInfo | undefined;
  #report: RateLimitReport | undefined;
  #headersSeen = false;
  #ended = false;
  readonly #parts: TicketParts;

  constructor(parts: TicketParts) {
    this.#parts = parts;
  }

  onHeaders(headers: Headers): void {
    if (this.#headersSeen) return;
    this.#headersSeen = true;
    const { learned, requests, tokens, probe } = this.#parts;
    learned.awaitingHeaders--;
    const report = readRateLimitHeaders(headers);
    if (report) {
      this.#report = report;
      this.rateLimit = rateLimitInfo(report);
      const first = learned.learn(report);
      const remaining = report.requests.remaining;
      // What the provider says is left, less what we sent that it may not have counted yet. A
      // full token of slack after the first report: the two clocks never agree exactly, and
      // correcting by the fraction that refilled while the answer travelled back would slow
      // every request down by that much.
      if (remaining !== undefined) {
        inBackground(requests.clamp(remaining - learned.awaitingHeaders, first.requests ? 0 : 1));
      }
      // Tokens are charged when calls end, which the provider counts otherwise (some at the
      // request, from max_tokens): its remaining count only sets where a new limit starts.
      const remainingTokens = report.tokens.remaining;
      if (remainingTokens !== undefined && first.tokens) {
        inBackground(tokens.clamp(remainingTokens, 0));
      }
    }
    if (probe) learned.probeAnswered();
  }

  end(usage: Usage | undefined, error: SynapseKitError | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    const { learned, requests, tokens, probe, tokensHeld } = this.#parts;
    if (!this.#headersSeen) {
      this.#headersSeen = true;
      learned.awaitingHeaders--;
      if (probe) learned.probeAnswered();
    }
    learned.awaitingUsage--;
    const used = usage?.reported ? usage.input + usage.output : 0;
    if (usage?.reported) learned.recordTokens(used);
    // What it reported replaces what it held; nothing reported gives the hold back.
    if (used !== tokensHeld) inBackground(tokens.charge(used - tokensHeld));
    const pauseMs = error instanceof RateLimitError ? this.#pauseMs(error) : undefined;
    if (pauseMs !== undefined) inBackground(requests.pause(pauseMs));
  }

  /**
   * How long a 429 holds every caller back: the provider's own delay (retry-after, RetryInfo),
   * else the requests limit's reset when it said none are left, else the first backoff step.
   * None for an exhausted quota, nor for a delay longer than any retry waits (60 s): those calls
   * fail at once with their own error rather than wait in line unseen.
   */
  #pauseMs(error: RateLimitError): number | undefined {
    if (!error.retryable) return undefined;
    const requests = this.#report?.requests;
    const reset = requests?.remaining === 0 ? requests.resetMs : undefined;
    const pauseMs = error.retryAfterMs ?? reset ?? this.#parts.backoffMs;
    return pauseMs > MAX_RETRY_DELAY_MS ? undefined : pauseMs;
  }
}

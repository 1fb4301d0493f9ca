import { show } from '../config.js';
import { ConfigError } from '../errors.js';
import type { EmbeddingUsage, Usage } from '../types.js';
import { checkTokenCounts, indexPrices, usageCost, type PriceIndex } from './cost.js';
import type { PriceTable } from './prices.js';

/**
 * Settings of a {@link TokenTracer}; all optional.
 *
 * @category Usage and cost
 */
export interface TokenTracerOptions {
  /** The model of calls recorded without one. */
  model?: string;
  /** `false` makes `record` a no-op (default true). */
  enabled?: boolean;
  /** Per-tracer prices, laid over the bundled table (same id: yours wins). */
  prices?: PriceTable;
}

/**
 * One call as the tracer records it.
 *
 * @category Usage and cost
 */
export interface TracedCall {
  /** The model billed; default: the tracer's `model`, else `'unknown'`. */
  model?: string;
  /** Every prompt token, cached ones included. */
  inputTokens: number;
  /** Every billed output token, reasoning included. */
  outputTokens: number;
  /** Wall time of the call, added to `totalLatencyMs`; default 0. */
  latencyMs?: number;
  /** Served from the response cache: counted as a call, but no tokens were billed. */
  cached?: boolean;
  /** Part of `inputTokens` read from the provider's prompt cache (billed at the cached rate). */
  cacheReadTokens?: number;
  /** Part of `inputTokens` written to the provider's prompt cache (Anthropic bills writes extra). */
  cacheWriteTokens?: number;
}

/**
 * One model's totals in a {@link TokenSummary}.
 *
 * @category Usage and cost
 */
export interface ModelUsageSummary {
  /** Calls recorded for this model, cache hits included. */
  calls: number;
  /** Prompt tokens billed, cached ones included. */
  inputTokens: number;
  /** Output tokens billed, reasoning included. */
  outputTokens: number;
  /** null when the model has no price, or a call of it reported no usage. */
  costUsd: number | null;
}

/**
 * What {@link TokenTracer.summary} returns: totals over every recorded call, and per model.
 *
 * @category Usage and cost
 */
export interface TokenSummary {
  /** Calls recorded, cache hits included. */
  calls: number;
  /** Prompt tokens over all models. */
  totalInputTokens: number;
  /** Output tokens over all models. */
  totalOutputTokens: number;
  /** `totalInputTokens + totalOutputTokens`. */
  totalTokens: number;
  /** Sum of the recorded `latencyMs`. */
  totalLatencyMs: number;
  /** Sum of `byModel` costs; null as soon as any model's cost is unknown (never a silent 0). */
  estimatedCostUsd: number | null;
  /** Totals per model id (`'unknown'` for calls recorded without a model). */
  byModel: Record<string, ModelUsageSummary>;
}

interface ModelTotals {
  calls: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Calls whose provider sent no usage: their tokens, and so their cost, are unknown. */
  unreported: number;
}

const NO_MODEL = 'unknown';

/**
 * Adds up the tokens, latency and estimated cost of many calls, per model. Record from
 * `onFinish` (`tracer.recordUsage(usage, { model })`), so concurrent calls are each counted once.
 * Prices come from {@link DEFAULT_PRICES} with the `prices` option laid over it.
 *
 * @example
 * ```ts
 * const tracer = new TokenTracer({ model: 'gpt-4o-mini' });
 * const started = Date.now();
 * await llm.generate('Summarise SSE in one line.', {
 *   onFinish: ({ usage, cached }) =>
 *     tracer.recordUsage(usage, { cached, latencyMs: Date.now() - started }),
 * });
 * console.log(tracer.summary().estimatedCostUsd);
 * ```
 *
 * @category Usage and cost
 */
export class TokenTracer {
  /** The model of calls recorded without one. */
  readonly model: string | undefined;
  /** `false`: `record` and `recordUsage` do nothing. */
  readonly enabled: boolean;
  readonly #prices: PriceIndex;
  readonly #byModel = new Map<string, ModelTotals>();
  #calls = 0;
  #latencyMs = 0;

  /** @throws ConfigError for options that are not an object, or a bad `model`, `enabled` or `prices` entry. */
  constructor(options: TokenTracerOptions = {}) {
    if (!isRecord(options)) {
      const hint =
        typeof options === 'string'
          ? ` For a default model, pass new TokenTracer({ model: ${JSON.stringify(options)} }).`
          : '';
      throw new ConfigError(
        `TokenTracer expects an options object such as { model: 'gpt-4o' } (got ${show(options)}).${hint}`,
        'options',
      );
    }
    if (options.model !== undefined && typeof options.model !== 'string') {
      throw new ConfigError('model must be a string.', 'model');
    }
    if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
      throw new ConfigError('enabled must be true or false.', 'enabled');
    }
    this.model = options.model;
    this.enabled = options.enabled ?? true;
    this.#prices = indexPrices(options.prices);
  }

  /** Record one call. Cached calls count as calls (and latency) but add no tokens. */
  record(call: TracedCall): void {
    checkArgument(call, 'call', 'record(call)', '{ inputTokens, outputTokens }');
    if (!this.enabled) return;
    const tokens = {
      input: call.inputTokens,
      output: call.outputTokens,
      cacheRead: call.cacheReadTokens,
      cacheWrite: call.cacheWriteTokens,
    };
    checkTokenCounts(tokens, {
      input: 'inputTokens',
      output: 'outputTokens',
      cacheRead: 'cacheReadTokens',
      cacheWrite: 'cacheWriteTokens',
    });
    const latencyMs = call.latencyMs ?? 0;
    if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) {
      throw new ConfigError(
        `latencyMs must be a non-negative number, got ${String(latencyMs)}.`,
        'latencyMs',
      );
    }
    const totals = this.#totalsFor(call.model);
    totals.calls++;
    this.#calls++;
    this.#latencyMs += latencyMs;
    if (call.cached) return;
    totals.input += tokens.input;
    totals.output += tokens.output;
    totals.cacheRead += tokens.cacheRead ?? 0;
    totals.cacheWrite += tokens.cacheWrite ?? 0;
  }

  /**
   * Record a call from the `Usage` that `onFinish` gives, cache breakdown included, or from an
   * embeddings call's `EmbeddingUsage` (input only). A usage with `reported: false` (the
   * provider sent none) makes that model's cost unknown rather than 0.
   */
  recordUsage(
    usage: Usage | EmbeddingUsage,
    call: { model?: string; latencyMs?: number; cached?: boolean } = {},
  ): void {
    checkArgument(
      usage,
      'usage',
      'recordUsage(usage)',
      'the usage from onFinish ({ input, output, reported })',
    );
    checkArgument(call, 'call', 'recordUsage(usage, call)', '{ model, latencyMs, cached }');
    if (!this.enabled) return;
    this.record({
      ...call,
      inputTokens: usage.input,
      // Embeddings bill no output.
      outputTokens: 'output' in usage ? usage.output : 0,
      cacheReadTokens: 'cacheRead' in usage ? usage.cacheRead : undefined,
      cacheWriteTokens: 'cacheWrite' in usage ? usage.cacheWrite : undefined,
    });
    if (!usage.reported && !call.cached) this.#totalsFor(call.model).unreported++;
  }

  /** Totals so far, overall and per model, with the estimated cost in USD. */
  summary(): TokenSummary {
    const byModel: Record<string, ModelUsageSummary> = {};
    let input = 0;
    let output = 0;
    let cost: number | null = 0;
    for (const [model, totals] of this.#byModel) {
      const costUsd = this.#cost(model, totals);
      byModel[model] = {
        calls: totals.calls,
        inputTokens: totals.input,
        outputTokens: totals.output,
        costUsd,
      };
      input += totals.input;
      output += totals.output;
      cost = cost === null || costUsd === null ? null : cost + costUsd;
    }
    return {
      calls: this.#calls,
      totalInputTokens: input,
      totalOutputTokens: output,
      totalTokens: input + output,
      totalLatencyMs: this.#latencyMs,
      estimatedCostUsd: cost,
      byModel,
    };
  }

  /** Forget every recorded call. */
  reset(): void {
    this.#byModel.clear();
    this.#calls = 0;
    this.#latencyMs = 0;
  }

  #totalsFor(model: string | undefined): ModelTotals {
    const key = model ?? this.model ?? NO_MODEL;
    let totals = this.#byModel.get(key);
    if (!totals) {
      totals = { calls: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, unreported: 0 };
      this.#byModel.set(key, totals);
    }
    return totals;
  }

  #cost(model: string, totals: ModelTotals): number | null {
    if (totals.unreported > 0) return null;
    // Nothing billed (only cache hits): 0 whether or not the model has a price.
    if (totals.input === 0 && totals.output === 0) return 0;
    // Cost is linear in tokens, so pricing the sums equals summing per-call costs.
    return usageCost(model, totals, this.#prices);
  }
}

function isRecord(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A clear ConfigError for `null`, a number or a string where an object belongs. */
function checkArgument(value: unknown, field: string, call: string, expected: string): void {
  if (!isRecord(value)) {
    throw new ConfigError(`${call} expects ${expected} (got ${show(value)}).`, field);
  }
}

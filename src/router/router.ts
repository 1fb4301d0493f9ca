import { Budget, type BudgetStatus } from '../budget/budget.js';
import { PricedBudget } from '../budget/for-llm.js';
import { ConfigError, NoModelAvailableError, SynapseKitError } from '../errors.js';
import type { LLMEvent, LLMResponse } from '../events.js';
import type { LLM } from '../llm/interface.js';
import type { LLMInput, Message } from '../messages.js';
import {
  IOREDIS_FOR_BUDGET,
  IOREDIS_FOR_COOLDOWNS,
  requireInstalled,
} from '../optional-packages.js';
import type { DeepPartial, StructuredOptions } from '../llm/structured/types.js';
import type { Schema } from '../tools.js';
import type { CallOptions } from '../types.js';
import { findPrice, indexPrices, type PriceIndex } from '../usage/cost.js';
import type { ModelPrice } from '../usage/prices.js';
import { checkRouterOptions, type CheckedRouterOptions } from './check-options.js';
import { MemoryCooldowns, type Cooldowns } from './cooldown.js';
import { defaultFallbackOn } from './fallback-on.js';
import { buildMembers, priceMembers, type Member } from './members.js';
import type { RouterOptions, RouterStrategy } from './options.js';
import { RedisCooldowns } from './redis-cooldowns.js';

/** The router's own budget: the cap, and how to price each model's calls. */
interface RouterBudget {
  priced: PricedBudget;
  index: PriceIndex;
  prices: Map<Member, ModelPrice>;
}

/**
 * Several models behind one {@link LLM}: each call goes to the first model the strategy
 * picks, and moves on to the next when it fails in a way `fallbackOn` accepts, after that
 * model's own retries. Built by {@link createRouter}.
 *
 * - Streams fall back only before their first piece reached the caller; after it, a failure
 *   is the model's `StreamInterruptedError`, as with retries (no text is ever sent twice).
 * - `onFinish`, the `finish` event and `LLMResponse` name the model and provider that answered.
 * - When every model failed, the error is the last model's, with every model's errors (each
 *   retry included) in `attempts`, oldest first.
 * - A model that failed `cooldown.failures` times within `cooldown.windowSeconds` is skipped
 *   for `cooldown.seconds` (in memory, or on Redis for every process).
 *
 * @category Routing
 */
export class Router implements LLM {
  /** The order models are tried in. */
  readonly strategy: RouterStrategy;
  readonly #members: Member[];
  readonly #fallbackOn: (error: SynapseKitError) => boolean;
  readonly #cooldowns: Cooldowns;
  readonly #budget: RouterBudget | undefined;
  /** For `cheapest`: the members by price, fixed at construction. */
  readonly #byPrice: Member[] | undefined;
  #nextStart = 0;
  #closed = false;

  /** Prefer {@link createRouter}. @throws ConfigError for bad options or a model without a needed price. */
  constructor(options: RouterOptions) {
    const checked = checkRouterOptions(options);
    this.strategy = checked.strategy;
    this.#fallbackOn = options.fallbackOn ?? defaultFallbackOn;
    this.#members = buildMembers(options.models);
    if (checked.strategy === 'cheapest') {
      const prices = priceMembers(this.#members, options.prices, "strategy: 'cheapest'");
      const cost = (price: ModelPrice): number => price.input + price.output;
      this.#byPrice = this.#members
        .map((member, i) => ({ member, cost: cost(prices[i] as ModelPrice), i }))
        .sort((a, b) => a.cost - b.cost || a.i - b.i)
        .map(({ member }) => member);
    }
    this.#budget = routerBudget(this.#members, options, checked);
    this.#cooldowns = cooldownsFor(checked);
  }

  /** Stream the answer to one user prompt through the first model that answers. */
  stream(prompt: string, options: CallOptions = {}): AsyncIterable<string> {
    return this.#streamThrough((llm, o) => llm.stream(prompt, o), options);
  }

  /** The whole answer to one user prompt from the first model that answers. */
  generate(prompt: string, options: CallOptions = {}): Promise<string> {
    return this.#callThrough((llm, o) => llm.generate(prompt, o), options);
  }

  /** Stream the answer to a conversation through the first model that answers. */
  streamWithMessages(messages: Message[], options: CallOptions = {}): AsyncIterable<string> {
    return this.#streamThrough((llm, o) => llm.streamWithMessages(messages, o), options);
  }

  /** The whole answer to a conversation from the first model that answers. */
  generateWithMessages(messages: Message[], options: CallOptions = {}): Promise<string> {
    return this.#callThrough((llm, o) => llm.generateWithMessages(messages, o), options);
  }

  /** Every event of the answer; the `finish` event names the model that answered. */
  streamEvents(input: LLMInput, options: CallOptions = {}): AsyncIterable<LLMEvent> {
    return this.#streamThrough((llm, o) => llm.streamEvents(input, o), options);
  }

  /** The whole answer with its details; `model` and `provider` name the model that answered. */
  generateResponse(input: LLMInput, options: CallOptions = {}): Promise<LLMResponse> {
    return this.#callThrough((llm, o) => llm.generateResponse(input, o), options);
  }

  /** A typed object that matches `schema`, from the first model that answers. */
  generateStructured<T>(
    input: LLMInput,
    schema: Schema<T>,
    options: StructuredOptions = {},
  ): Promise<T> {
    return this.#callThrough((llm, o) => llm.generateStructured(input, schema, o), options);
  }

  /** The object of `generateStructured` while it streams, through the first model that answers. */
  streamStructured<T>(
    input: LLMInput,
    schema: Schema<T>,
    options: StructuredOptions = {},
  ): AsyncIterable<DeepPartial<T>> {
    return this.#streamThrough((llm, o) => llm.streamStructured(input, schema, o), options);
  }

  /** Tokens billed through every model of the router so far. */
  get tokensUsed(): {
    /** Prompt tokens, cached ones included. */
    input: number;
    /** Output tokens, reasoning included. */
    output: number;
  } {
    let input = 0;
    let output = 0;
    for (const { llm } of this.#members) {
      input += llm.tokensUsed.input;
      output += llm.tokensUsed.output;
    }
    return { input, output };
  }

  /**
   * The router budget's state in the current period.
   *
   * @throws ConfigError (the promise rejects) when the router has no `budget`.
   */
  async budgetStatus(): Promise<BudgetStatus> {
    if (!this.#budget) {
      throw new ConfigError(
        'This router has no budget: pass budget: { usd, period } to createRouter to use budgetStatus().',
        'budget',
      );
    }
    return this.#budget.priced.budget.status();
  }

  /**
   * Close the models the router built from configs (a ready LLM given to it stays its
   * owner's to close), and the cooldown and budget connections. Safe to call twice.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#members.filter((m) => m.owned).map((m) => m.llm.close()));
    await this.#cooldowns.close();
    await this.#budget?.priced.budget.close();
  }

  /** `close()`, for `await using router = createRouter(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** A call whose answer is a promise: the next model on every error `fallbackOn` accepts. */
  async #callThrough<T, O extends CallOptions>(
    call: (llm: LLM, options: O) => Promise<T>,
    options: O,
  ): Promise<T> {
    const order = await this.#begin();
    const failed: SynapseKitError[] = [];
    for (const member of order) {
      member.inFlight++;
      try {
        return await call(member.llm, this.#optionsFor(member, options));
      } catch (raw) {
        await this.#fellThrough(member, raw, failed);
      } finally {
        member.inFlight--;
      }
    }
    throw this.#allFailed(failed);
  }

  /**
   * A streamed call: the next model only while nothing reached the caller. Once the first
   * piece is out, the stream is that model's to the end.
   */
  async *#streamThrough<T, O extends CallOptions>(
    start: (llm: LLM, options: O) => AsyncIterable<T>,
    options: O,
  ): AsyncGenerator<T> {
    const order = await this.#begin();
    const failed: SynapseKitError[] = [];
    for (const member of order) {
      member.inFlight++;
      try {
        let iterator: AsyncIterator<T>;
        let first: IteratorResult<T>;
        try {
          iterator = start(member.llm, this.#optionsFor(member, options))[Symbol.asyncIterator]();
          first = await iterator.next();
        } catch (raw) {
          await this.#fellThrough(member, raw, failed);
          continue;
        }
        if (first.done) return;
        let handedOver = false;
        try {
          yield first.value;
          handedOver = true;
          // The rest as it comes; a consumer that stops early closes the model's stream.
          yield* { [Symbol.asyncIterator]: () => iterator };
        } finally {
          if (!handedOver) await iterator.return?.();
        }
        return;
      } finally {
        member.inFlight--;
      }
    }
    throw this.#allFailed(failed);
  }

  /** Before a call: open, within the budget, and the models to try, cooled-down ones skipped. */
  async #begin(): Promise<Member[]> {
    if (this.#closed) {
      throw new ConfigError(
        'This router was closed; build a new one with createRouter for more calls.',
      );
    }
    await this.#budget?.priced.budget.check();
    const order = this.#ordered();
    const remaining = await Promise.all(
      order.map((m) => this.#cooldowns.remainingMs(m.cooldownKey)),
    );
    const available = order.filter((_, i) => remaining[i] === 0);
    if (available.length > 0) return available;
    throw new NoModelAvailableError(
      order.map((m) => m.label),
      Math.min(...remaining),
    );
  }

  #ordered(): Member[] {
    const members = this.#members;
    switch (this.strategy) {
      case 'fallback':
        return members;
      case 'round-robin': {
        const start = this.#nextStart;
        this.#nextStart = (start + 1) % members.length;
        return [...members.slice(start), ...members.slice(0, start)];
      }
      case 'least-busy':
        // Array.prototype.sort is stable: ties keep the order given.
        return [...members].sort((a, b) => a.inFlight - b.inFlight);
      case 'cheapest':
        return this.#byPrice ?? members;
    }
  }

  /** A model's call failed: rethrow what should not fall back, else note it and go on. */
  async #fellThrough(member: Member, raw: unknown, failed: SynapseKitError[]): Promise<void> {
    if (!(raw instanceof SynapseKitError)) throw raw;
    if (!this.#fallbackOn(raw)) {
      // Not a fallback, but the models tried before it are still part of the story.
      throw failed.length > 0 ? raw.recordAttempts([...failed, ...raw.attempts]) : raw;
    }
    failed.push(...raw.attempts);
    await this.#cooldowns.recordFailure(member.cooldownKey);
  }

  /** Every model failed: the last model's error, with every model's errors in `attempts`. */
  #allFailed(failed: SynapseKitError[]): SynapseKitError {
    const last = failed.at(-1);
    if (!last) throw new Error('unreachable: a router has at least one model');
    return last.recordAttempts(failed);
  }

  /** The caller's options, with `onFinish` charging the router's budget when it has one. */
  #optionsFor<O extends CallOptions>(member: Member, options: O): O {
    const budget = this.#budget;
    if (!budget) return options;
    const onFinish = options.onFinish;
    return {
      ...options,
      onFinish: (info) => {
        const price = findPrice(info.model, budget.index) ?? budget.prices.get(member);
        if (price) budget.priced.bill(info.usage, price, info.model);
        onFinish?.(info);
      },
    };
  }
}

function routerBudget(
  members: Member[],
  options: RouterOptions,
  checked: CheckedRouterOptions,
): RouterBudget | undefined {
  if (!checked.budget) return undefined;
  const prices = priceMembers(members, options.prices, 'A router budget');
  if (checked.budget.backend === 'redis') requireInstalled(IOREDIS_FOR_BUDGET);
  return {
    priced: new PricedBudget(new Budget(checked.budget, checked.redisUrl), 'router'),
    index: indexPrices(options.prices),
    prices: new Map(members.map((member, i) => [member, prices[i] as ModelPrice])),
  };
}

function cooldownsFor(checked: CheckedRouterOptions): Cooldowns {
  if (checked.backend === 'memory') return new MemoryCooldowns(checked.cooldown);
  requireInstalled(IOREDIS_FOR_COOLDOWNS);
  return new RedisCooldowns(checked.cooldown, checked.redisUrl);
}

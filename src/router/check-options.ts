import { checkBudget, type ResolvedBudget } from '../budget/options.js';
import { ConfigError } from '../errors.js';
import { indexPrices } from '../usage/cost.js';
import type { CooldownOptions, RouterOptions, RouterStrategy } from './options.js';

const STRATEGIES: readonly RouterStrategy[] = ['fallback', 'round-robin', 'least-busy', 'cheapest'];
const OPTION_NAMES = [
  'models',
  'strategy',
  'fallbackOn',
  'cooldown',
  'backend',
  'redisUrl',
  'budget',
  'prices',
];
const DEFAULT_COOLDOWN: CooldownOptions = { failures: 3, windowSeconds: 60, seconds: 30 };

/** The router's settings apart from its models, checked, defaults filled in. */
export interface CheckedRouterOptions {
  strategy: RouterStrategy;
  cooldown: CooldownOptions;
  backend: 'memory' | 'redis';
  redisUrl: string;
  budget: ResolvedBudget | undefined;
}

/** Check the router options; a ConfigError names the field at fault. */
export function checkRouterOptions(options: RouterOptions): CheckedRouterOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      "createRouter expects options such as { models: [{ model: 'gpt-4o-mini' }, { model: 'claude-haiku-4-5' }] }.",
    );
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) {
      throw new ConfigError(
        `Unknown router option '${name}'. A router takes ${OPTION_NAMES.join(', ')}; ` +
          'options of one model go in its entry of models.',
        name,
      );
    }
  }
  const { strategy = 'fallback', fallbackOn, backend = 'memory', redisUrl, prices } = options;
  if (!STRATEGIES.includes(strategy)) {
    throw new ConfigError(
      `strategy must be one of ${STRATEGIES.map((s) => `'${s}'`).join(', ')} (got ${show(strategy)}).`,
      'strategy',
    );
  }
  if (fallbackOn !== undefined && typeof fallbackOn !== 'function') {
    throw new ConfigError('fallbackOn must be a function (error) => boolean.', 'fallbackOn');
  }
  if (backend !== 'memory' && backend !== 'redis') {
    throw new ConfigError(`backend must be 'memory' or 'redis' (got ${show(backend)}).`, 'backend');
  }
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(String(redisUrl))) {
    throw new ConfigError('redisUrl must be a redis:// or rediss:// URL.', 'redisUrl');
  }
  if (prices !== undefined) indexPrices(prices);
  return {
    strategy,
    cooldown: checkCooldown(options.cooldown),
    backend,
    redisUrl: redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    budget: checkBudget(options.budget),
  };
}

function checkCooldown(given: Partial<CooldownOptions> | undefined): CooldownOptions {
  if (given === undefined) return DEFAULT_COOLDOWN;
  if (given === null || typeof given !== 'object') {
    throw new ConfigError(
      'cooldown must be an object such as { failures: 3, windowSeconds: 60, seconds: 30 }.',
      'cooldown',
    );
  }
  const cooldown = { ...DEFAULT_COOLDOWN };
  for (const [name, value] of Object.entries(given)) {
    if (!(name in DEFAULT_COOLDOWN)) {
      throw new ConfigError(
        `Unknown option 'cooldown.${name}'. A cooldown takes failures, windowSeconds, seconds.`,
        `cooldown.${name}`,
      );
    }
    const integer = name === 'failures';
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (integer ? Number.isInteger(value) && value >= 1 : value >= 0);
    if (!ok) {
      throw new ConfigError(
        `cooldown.${name} must be ${integer ? 'a whole number >= 1' : 'a number of seconds >= 0'} (got ${show(value)}).`,
        `cooldown.${name}`,
      );
    }
    cooldown[name as keyof CooldownOptions] = value;
  }
  return cooldown;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

import { ConfigError } from '../errors.js';

/**
 * Where synapsekit's log lines go: any object with `debug`, `info`, `warn` and `error` methods
 * that take a message, such as `console` or a pino, winston or bunyan logger. Each line is one
 * string that starts with `synapsekit:`; it never contains an API key.
 *
 * Given as `logger` in the config, it receives the debug lines (one per request, retry, cache
 * hit, rate-limit wait and response) and every warning; its own level decides what is kept.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const llm = createLLM({ model: 'gpt-4o-mini', logger: pino({ level: 'debug' }) });
 * ```
 *
 * @category Observability
 */
export interface Logger {
  /** One line per request, retry, cache hit, rate-limit wait and response. */
  debug(message: string): void;
  /** Not used by synapsekit today; part of the shape so any logger fits. */
  info(message: string): void;
  /** Something degraded but the call goes on (a cache backend down, rate limits that disagree). */
  warn(message: string): void;
  /** Something failed that the call could not report itself. */
  error(message: string): void;
}

/**
 * The environment variable that sets the built-in stderr log's level, e.g. `SYNAPSEKIT_LOG=debug`
 * (`debug`, `info`, `warn`: the default, `error`, `silent`). A `logger` in the config wins.
 *
 * @category Observability
 */
export const LOG_LEVEL_ENV = 'SYNAPSEKIT_LOG';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/** An instance's logger, and whether the debug lines are worth building for it. */
export interface ResolvedLogger {
  logger: Logger;
  /** False when debug lines would be dropped: the pipeline then builds none. */
  debug: boolean;
}

/**
 * The logger an LLM instance uses: the config's `logger` (which gets everything and filters by
 * its own level), else the built-in stderr logger at the level of `SYNAPSEKIT_LOG` (default
 * `warn`: warnings only, as `console.warn`). Read once, when the instance is built.
 *
 * @throws ConfigError naming SYNAPSEKIT_LOG when it holds an unknown level.
 */
export function resolveLogger(
  configured: Logger | undefined,
  envValue = process.env[LOG_LEVEL_ENV],
): ResolvedLogger {
  if (configured !== undefined) return { logger: configured, debug: true };
  const level = parseLevel(envValue);
  return { logger: stderrLogger(level), debug: level === 'debug' };
}

function parseLevel(value: string | undefined): Level {
  const level = value?.trim().toLowerCase();
  if (level === undefined || level === '') return 'warn';
  if ((LEVELS as readonly string[]).includes(level)) return level as Level;
  throw new ConfigError(
    `${LOG_LEVEL_ENV} must be one of ${LEVELS.join(', ')} (got ${JSON.stringify(value)}). ` +
      `${LOG_LEVEL_ENV}=debug prints one line per request, retry, cache hit and response to stderr.`,
    LOG_LEVEL_ENV,
  );
}

/**
 * The built-in logger: every line to stderr, nothing to stdout (a CLI's answer stays clean).
 * `console` is looked up at each line, so whatever replaces `console.warn` sees the warnings.
 */
function stderrLogger(level: Level): Logger {
  const rank = LEVELS.indexOf(level);
  const at = (lineLevel: Level, write: (message: string) => void) =>
    LEVELS.indexOf(lineLevel) >= rank ? write : () => undefined;
  return {
    debug: at('debug', (message) => console.error(message)),
    info: at('info', (message) => console.error(message)),
    warn: at('warn', (message) => console.warn(message)),
    error: at('error', (message) => console.error(message)),
  };
}

/** What parts of the library use when no instance's logger is at hand: warnings to stderr. */
export const defaultLogger: Logger = stderrLogger('warn');

/**
 * Check the config's `logger`: an object with the four methods.
 *
 * @throws ConfigError naming `logger` and the missing methods.
 */
export function checkLogger(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  const missing =
    value === null || typeof value !== 'object'
      ? [...methods]
      : methods.filter((name) => typeof (value as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) {
    throw new ConfigError(
      `logger must be an object with debug, info, warn and error methods (missing: ${missing.join(', ')}). ` +
        'console and pino, winston or bunyan loggers fit.',
      'logger',
    );
  }
  return value as Logger;
}

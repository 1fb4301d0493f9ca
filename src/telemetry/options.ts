import { ConfigError } from '../errors.js';

/**
 * The part of an OpenTelemetry `Tracer` synapsekit uses: any tracer from `@opentelemetry/api`
 * fits, e.g. `trace.getTracer('my-app')` or `provider.getTracer('my-app')`. Declared here so
 * the types of synapsekit do not need `@opentelemetry/api` when telemetry is off.
 *
 * @category Observability
 */
export interface TelemetryTracer {
  /** `Tracer.startSpan(name, options, context)` of `@opentelemetry/api`. */
  startSpan(name: string, options?: object, context?: object): object;
}

/**
 * The part of an OpenTelemetry `Meter` synapsekit uses: any meter from `@opentelemetry/api`
 * fits, e.g. `metrics.getMeter('my-app')` or `meterProvider.getMeter('my-app')`.
 *
 * @category Observability
 */
export interface TelemetryMeter {
  /** `Meter.createHistogram(name, options)` of `@opentelemetry/api`. */
  createHistogram(name: string, options?: object): object;
}

/**
 * OpenTelemetry settings (`telemetry` in the config; `telemetry: true` is `{}`). Needs the
 * optional package `@opentelemetry/api`; without `tracer` and `meter` the globally registered
 * providers are used (what the OpenTelemetry Node SDK's `start()` registers).
 *
 * @example
 * ```ts
 * const llm = createLLM({ model: 'gpt-4o-mini', telemetry: { recordContent: true } });
 * ```
 *
 * @category Observability
 */
export interface TelemetryOptions {
  /**
   * Record prompts, answers, tool arguments and tool results on the spans
   * (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.tool.call.arguments`...).
   * Default false: spans then hold no content at all.
   */
  recordContent?: boolean;
  /** The tracer for the spans; default the global provider's `synapsekit` tracer. */
  tracer?: TelemetryTracer;
  /** The meter for the metrics; default the global provider's `synapsekit` meter, at each call. */
  meter?: TelemetryMeter;
}

/**
 * Extra attributes for one call's span (`telemetryAttributes` in the call options), e.g. which
 * route or tenant a call belongs to. Values are what OpenTelemetry attributes take.
 *
 * @category Observability
 */
export type TelemetryAttributes = Record<
  string,
  string | number | boolean | string[] | number[] | boolean[]
>;

const TELEMETRY_OPTION_NAMES = ['recordContent', 'tracer', 'meter'];

/**
 * The config's `telemetry` resolved: undefined when off, else its options with `recordContent`
 * filled in (frozen).
 *
 * @throws ConfigError naming the field for a value of the wrong type or an unknown option.
 */
export function checkTelemetry(value: unknown): Readonly<TelemetryOptions> | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return Object.freeze({ recordContent: false });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `telemetry must be true, false or an object such as { recordContent: true } (got ${kindOf(value)}).`,
      'telemetry',
    );
  }
  for (const key of Object.keys(value)) {
    if (TELEMETRY_OPTION_NAMES.includes(key)) continue;
    throw new ConfigError(
      `Unknown telemetry option '${key}'. Valid options: ${TELEMETRY_OPTION_NAMES.join(', ')}.`,
      `telemetry.${key}`,
    );
  }
  const { recordContent, tracer, meter } = value as Record<string, unknown>;
  if (recordContent !== undefined && typeof recordContent !== 'boolean') {
    throw new ConfigError(
      `telemetry.recordContent must be true or false (got ${kindOf(recordContent)}).`,
      'telemetry.recordContent',
    );
  }
  checkMethod(tracer, 'tracer', 'startSpan', "trace.getTracer('my-app')");
  checkMethod(meter, 'meter', 'createHistogram', "metrics.getMeter('my-app')");
  return Object.freeze({
    recordContent: recordContent ?? false,
    ...(tracer === undefined ? {} : { tracer: tracer as TelemetryTracer }),
    ...(meter === undefined ? {} : { meter: meter as TelemetryMeter }),
  });
}

function checkMethod(value: unknown, field: string, method: string, example: string): void {
  if (value === undefined) return;
  const fits =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Record<string, unknown>)[method] === 'function';
  if (!fits) {
    throw new ConfigError(
      `telemetry.${field} must be an OpenTelemetry ${field} with a ${method} method, such as ${example} (got ${kindOf(value)}).`,
      `telemetry.${field}`,
    );
  }
}

/**
 * Check a call's `telemetryAttributes`: a plain object of attribute values.
 *
 * @throws ConfigError naming the attribute whose value OpenTelemetry cannot hold.
 */
export function checkTelemetryAttributes(value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `telemetryAttributes must be an object of attribute names to values (got ${kindOf(value)}).`,
      'telemetryAttributes',
    );
  }
  for (const [name, attribute] of Object.entries(value)) {
    const items = Array.isArray(attribute) ? (attribute as unknown[]) : [attribute];
    const kinds = new Set(items.map((item) => typeof item));
    const fits =
      kinds.size <= 1 && [...kinds].every((kind) => ['string', 'number', 'boolean'].includes(kind));
    if (!fits || (!Array.isArray(attribute) && items.length !== 1)) {
      throw new ConfigError(
        `telemetryAttributes['${name}'] must be a string, number or boolean, or an array of one of them (got ${kindOf(attribute)}).`,
        `telemetryAttributes.${name}`,
      );
    }
  }
}

/** A value as an error message names it (config.ts imports this module, so not its `show`). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'function' ? 'a function' : String(value);
}

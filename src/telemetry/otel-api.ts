import type * as OtelApiModule from '@opentelemetry/api';
import type { TelemetryOptions } from './options.js';
import {
  missingPackageError,
  requireInstalled,
  type OptionalPackage,
} from '../optional-packages.js';

/** The `@opentelemetry/api` module. */
export type OtelApi = typeof OtelApiModule;

/** `@opentelemetry/api`, needed by `telemetry`. */
export const OTEL_API_PACKAGE: OptionalPackage = {
  name: '@opentelemetry/api',
  neededBy: 'telemetry',
  field: 'telemetry',
  alternative: 'telemetry: false',
  version: '1.x',
};

/**
 * Called at construction when telemetry is on: a missing `@opentelemetry/api` is a setup
 * mistake to report before any request (the import itself waits for the first call).
 *
 * @throws ConfigError naming `telemetry` and `npm install @opentelemetry/api`.
 */
export function requireOtelApi(): void {
  requireInstalled(OTEL_API_PACKAGE);
}

let loaded: OtelApi | undefined;
let loading: Promise<OtelApi> | undefined;

/**
 * The API, imported on the first call that records telemetry and kept: the module itself once
 * loaded (no promise to wait for), else the pending import. Never imported while telemetry is
 * off. The API keeps its registered providers on `globalThis`, so this import sees the same
 * tracer and meter providers as the application's, whichever copy of the module it loaded.
 */
export function loadOtelApi(): OtelApi | Promise<OtelApi> {
  if (loaded !== undefined) return loaded;
  loading ??= import('@opentelemetry/api').then(
    (api) => (loaded = api),
    (error: unknown) => {
      loading = undefined; // installed later: try again on the next call
      throw missingPackageError(OTEL_API_PACKAGE, error);
    },
  );
  return loading;
}

let noopTracerProvider: object | undefined;

/**
 * Whether nothing can record a call: the API is loaded, the options name no tracer and no
 * meter, and the application registered neither a tracer provider nor a meter provider (the
 * API's no-op ones answer). Such a call is not observed at all, so `telemetry: true` in a
 * process whose SDK is not started (development, tests, a sampled-out service) costs nothing
 * per call; one registered later is seen on the next call. Before the first import this is
 * false: that call is observed as usual.
 */
export function nothingRecords(telemetry: Readonly<TelemetryOptions>): boolean {
  const api = loaded;
  if (api === undefined || telemetry.tracer !== undefined || telemetry.meter !== undefined) {
    return false;
  }
  // A fresh proxy's delegate is the API's no-op provider (a singleton; the API exports no
  // other handle on it). The global proxy has that delegate until an SDK registers.
  noopTracerProvider ??= new api.ProxyTracerProvider().getDelegate();
  const tracers = api.trace.getTracerProvider();
  return (
    tracers instanceof api.ProxyTracerProvider &&
    tracers.getDelegate() === noopTracerProvider &&
    isNoopMeter(api, api.metrics.getMeter('synapsekit'))
  );
}

/** Whether `meter` is the API's no-op meter (a singleton), which records nothing. */
export function isNoopMeter(api: OtelApi, meter: unknown): boolean {
  return meter === api.createNoopMeter();
}

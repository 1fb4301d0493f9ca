import type { StepResponse, ToolCall } from '../events.js';
import type { SynapseKitError } from '../errors.js';
import type { ToolResultPart } from '../messages.js';
import { CallLog } from '../log/call-log.js';
import type { ResolvedLogger } from '../log/logger.js';
import { CallSpan } from '../telemetry/call-span.js';
import type { TelemetryOptions } from '../telemetry/options.js';
import { nothingRecords, requireOtelApi } from '../telemetry/otel-api.js';
import type { CallOptions, ProviderName, Usage } from '../types.js';
import type { ProviderCall } from './spec.js';

/** What an LLM instance observes its calls with. */
export interface ObservationSettings {
  provider: ProviderName;
  /** The config's telemetry; undefined when off. */
  telemetry: Readonly<TelemetryOptions> | undefined;
  /** The instance's logger, and whether it wants debug lines. */
  log: ResolvedLogger;
  /** Strings no log line may contain. */
  secrets: () => readonly string[];
}

/** Makes the observer of one call (see {@link callObservers}). */
export type ObserveCall = (
  call: ProviderCall,
  options: CallOptions,
  endpoint: string,
  streaming: boolean,
) => CallObserver | undefined;

/**
 * How an instance observes its calls: undefined when neither telemetry nor the debug log is on,
 * so the pipeline then does no observing work at all; a call gets no observer either when
 * nothing could record it (no SDK registered, see `nothingRecords`). With telemetry on, a missing
 * `@opentelemetry/api` is a ConfigError here, at construction.
 */
export function callObservers(settings: ObservationSettings): ObserveCall | undefined {
  const { telemetry, log, provider } = settings;
  if (telemetry !== undefined) requireOtelApi();
  if (telemetry === undefined && !log.debug) return undefined;
  return (call, options, endpoint, streaming) => {
    if (!log.debug && telemetry !== undefined && nothingRecords(telemetry)) return undefined;
    return new CallObserver(
      telemetry &&
        new CallSpan({
          telemetry,
          provider,
          endpoint,
          call,
          attributes: options.telemetryAttributes,
          streaming,
        }),
      log.debug
        ? new CallLog(log.logger, { provider, model: call.model, secrets: settings.secrets() })
        : undefined,
    );
  };
}

/**
 * The hooks the pipeline calls during one call (never per chunk), handed to the call's span
 * and its debug log, whichever is on. Called from `BaseLLM` (the call, the cache), the attempt
 * loop (attempts, rate-limit waits, retries), the HTTP client (request, status) and the tool
 * loop (tool executions).
 */
export class CallObserver {
  readonly #span: CallSpan | undefined;
  readonly #log: CallLog | undefined;

  constructor(span: CallSpan | undefined, log: CallLog | undefined) {
    this.#span = span;
    this.#log = log;
  }

  /** The call's first read: start the span (importing the OpenTelemetry API once). */
  start(): void | Promise<void> {
    return this.#span?.start();
  }

  /**
   * How to pull the call's items with the span active (so HTTP and tool spans nest under it);
   * undefined when no span needs to be active (debug log only, a no-op tracer).
   */
  reader<T, R>(run: AsyncGenerator<T, R>): (() => Promise<IteratorResult<T, R>>) | undefined {
    return this.#span?.reader(run);
  }

  attemptStarted(attempt: number): void {
    this.#span?.attemptStarted();
    this.#log?.attemptStarted(attempt);
  }

  /** A wait for the rate limiter's token; waits under a millisecond are not worth a line. */
  rateLimitWaited(ms: number): void {
    if (ms < 1) return;
    this.#span?.rateLimitWaited(ms);
    this.#log?.rateLimitWaited(ms);
  }

  /** The HTTP client is about to send (the URL as sent, before any redaction). */
  request(url: string): void {
    this.#log?.request(url);
  }

  /** The HTTP client got response headers. */
  response(status: number): void {
    this.#span?.response(status);
    this.#log?.response(status);
  }

  attemptSucceeded(usage: Usage | undefined, responseModel: string | undefined): void {
    this.#span?.attemptSucceeded(usage, responseModel);
    this.#log?.attemptSucceeded(usage);
  }

  attemptFailed(error: SynapseKitError): void {
    this.#log?.attemptFailed(error);
  }

  retrying(error: SynapseKitError, nextAttempt: number, delayMs: number): void {
    this.#span?.retrying(error, nextAttempt, delayMs);
    this.#log?.retrying(error, nextAttempt, delayMs);
  }

  /** A step asked the response cache: answered from it (`hit`) or sent live. */
  cacheResult(hit: boolean): void {
    this.#span?.cacheResult(hit);
    if (hit) this.#log?.cacheHit();
  }

  /** The first item reached a streaming caller. */
  firstChunk(): void {
    this.#span?.firstChunk();
  }

  /** Run one tool execution of a `maxSteps` loop (in its own span with telemetry on). */
  executeTool<T extends { result: ToolResultPart; errorType?: string | undefined }>(
    call: ToolCall,
    description: string | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    return this.#span ? this.#span.executeTool(call, description, run) : run();
  }

  /** The call ended normally (before its `finish` event and `onFinish`). */
  succeeded(response: StepResponse): void {
    this.#span?.succeeded(response);
  }

  failed(error: unknown): void {
    this.#span?.failed(error);
  }

  /** The stream is over, whichever way: end the span. */
  end(): void {
    this.#span?.end();
  }
}

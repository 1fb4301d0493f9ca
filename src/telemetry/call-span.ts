import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { ProviderError, SynapseKitError } from '../errors.js';
import type { StepResponse, ToolCall } from '../events.js';
import type { ProviderCall } from '../llm/spec.js';
import type { Message, ToolResultPart } from '../messages.js';
import type { ProviderName, Usage } from '../types.js';
import {
  callIdentity,
  genAiFinishReason,
  requestAttributes,
  usageAttributes,
} from './attributes.js';
import { asAttribute, inputMessages, outputMessages, systemInstructions } from './content.js';
import { instrumentsOf, recordCall } from './metrics.js';
import type { TelemetryAttributes, TelemetryOptions, TelemetryTracer } from './options.js';
import { isNoopMeter, loadOtelApi, type OtelApi } from './otel-api.js';

/** Everything one call's span is made from. */
export interface CallSpanSettings {
  telemetry: Readonly<TelemetryOptions>;
  provider: ProviderName;
  /** The provider's endpoint URL (for `server.address` and `server.port`). */
  endpoint: string;
  /** The first step's request. */
  call: ProviderCall;
  /** The call's `telemetryAttributes`. */
  attributes: TelemetryAttributes | undefined;
  /** Whether the caller reads a stream (time to first chunk is recorded for those only). */
  streaming: boolean;
}

/** How a call ended, as far as its span knows. */
type Outcome =
  { response: StepResponse; error?: undefined } | { response?: undefined; error: unknown };

/** What a tool execution in a `maxSteps` loop returns to the loop. */
interface ToolOutcome {
  result: ToolResultPart;
  /** Set when the result is an error result: the kind of failure, for `error.type`. */
  errorType?: string | undefined;
}

const CANCELLED_MESSAGE = 'The caller stopped reading the stream before the call ended.';

/**
 * One call as an OpenTelemetry span, following the GenAI conventions: `chat {model}` (kind
 * CLIENT) from the first read to the end of the stream, with the request and response
 * attributes, a `synapsekit.retry` event per retry (error type, delay), the cache outcome,
 * the time to the first chunk, `execute_tool {name}` child spans for the tools a `maxSteps`
 * loop runs, and the GenAI client metrics when it ends. Content (prompts, answers, tool
 * arguments and results) only with `recordContent`.
 */
export class CallSpan {
  readonly #settings: CallSpanSettings;
  #api: OtelApi | undefined;
  #tracer: TelemetryTracer | undefined;
  #span: Span | undefined;
  /** The caller's context with this span in it: the parent of HTTP and tool spans. */
  #context: Context | undefined;
  /** The attributes shared by the span and the metrics, made once per call. */
  #identity: TelemetryAttributes = {};
  #startedAt = 0;
  #firstChunkAt: number | undefined;
  /** The last HTTP status of the current attempt. */
  #status: number | undefined;
  #responseModel: string | undefined;
  #cacheUsed = false;
  #outcome: Outcome | undefined;
  #ended = false;

  constructor(settings: CallSpanSettings) {
    this.#settings = settings;
  }

  /** Start the span, importing `@opentelemetry/api` first on the instance's first call. */
  start(): void | Promise<void> {
    const api = loadOtelApi();
    if (api instanceof Promise) return api.then((loaded) => this.#begin(loaded));
    this.#begin(api);
  }

  #begin(api: OtelApi): void {
    const { telemetry, call, provider, endpoint, attributes } = this.#settings;
    this.#api = api;
    this.#tracer = telemetry.tracer ?? defaultTracer(api);
    this.#identity = callIdentity(provider, call.model, endpoint);
    const parent = api.context.active();
    const span = (this.#tracer as Tracer).startSpan(
      `chat ${call.model}`,
      {
        kind: api.SpanKind.CLIENT,
        // What a sampler may decide on is there at the start; content is added below.
        attributes: { ...this.#identity, ...requestAttributes(call), ...attributes },
      },
      parent,
    );
    // A span nobody records (a no-op tracer, or sampled out) gets no more attributes: the
    // content would be built for nothing.
    if (telemetry.recordContent && span.isRecording()) {
      span.setAttributes(contentAttributes(call.messages));
    }
    this.#span = span;
    this.#context = api.trace.setSpan(parent, span);
    this.#startedAt = performance.now();
  }

  /**
   * How to pull the call's items with this span active, so HTTP and tool spans nest under it;
   * undefined when there is no span to make active: a no-op tracer's span has no valid span
   * context (a sampled-out span has one, and its children must see it to be sampled out too).
   */
  reader<T, R>(run: AsyncGenerator<T, R>): (() => Promise<IteratorResult<T, R>>) | undefined {
    const api = this.#api;
    const context = this.#context;
    const span = this.#span;
    if (api === undefined || context === undefined || span === undefined) return undefined;
    if (!api.trace.isSpanContextValid(span.spanContext())) return undefined;
    const next = run.next.bind(run) as () => Promise<IteratorResult<T, R>>;
    return () => api.context.with(context, next);
  }

  attemptStarted(): void {
    this.#status = undefined;
  }

  rateLimitWaited(ms: number): void {
    this.#span?.addEvent('synapsekit.rate_limit.wait', {
      'synapsekit.rate_limit.wait_ms': Math.round(ms),
    });
  }

  response(status: number): void {
    this.#status = status;
  }

  retrying(error: SynapseKitError, nextAttempt: number, delayMs: number): void {
    const status = error instanceof ProviderError ? error.status : this.#status;
    this.#span?.addEvent('synapsekit.retry', {
      'error.type': error.name,
      'synapsekit.retry.attempt': nextAttempt,
      'synapsekit.retry.delay_ms': Math.round(delayMs),
      ...(status === undefined ? {} : { 'http.response.status_code': status }),
    });
  }

  attemptSucceeded(_usage: Usage | undefined, responseModel: string | undefined): void {
    this.#responseModel = responseModel ?? this.#responseModel;
  }

  cacheResult(hit: boolean): void {
    this.#cacheUsed = true;
    if (hit) this.#span?.addEvent('synapsekit.cache.hit');
  }

  firstChunk(): void {
    this.#firstChunkAt ??= performance.now();
  }

  /** Run one tool execution of a `maxSteps` loop in its own `execute_tool {name}` child span. */
  async executeTool<T extends ToolOutcome>(
    call: ToolCall,
    description: string | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    const api = this.#api;
    const parent = this.#context;
    if (api === undefined || parent === undefined || this.#ended) return run();
    const recordContent = this.#settings.telemetry.recordContent === true;
    const attributes: Attributes = {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': call.name,
      'gen_ai.tool.call.id': call.id,
      'gen_ai.tool.type': 'function',
    };
    if (description !== undefined) attributes['gen_ai.tool.description'] = description;
    if (recordContent) attributes['gen_ai.tool.call.arguments'] = asAttribute(call.input);
    const span = (this.#tracer as Tracer).startSpan(
      `execute_tool ${call.name}`,
      { kind: api.SpanKind.INTERNAL, attributes },
      parent,
    );
    try {
      const outcome = await api.context.with(api.trace.setSpan(parent, span), run);
      const output = asAttribute(outcome.result.output);
      if (outcome.errorType !== undefined) {
        span.setAttribute('error.type', outcome.errorType);
        // A tool's error message may quote its arguments: content, so only with recordContent.
        span.setStatus({
          code: api.SpanStatusCode.ERROR,
          ...(recordContent ? { message: output } : {}),
        });
      } else if (recordContent) {
        span.setAttribute('gen_ai.tool.call.result', output);
      }
      return outcome;
    } catch (error) {
      span.setAttribute('error.type', errorType(error));
      span.setStatus({ code: api.SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  }

  /** The call ended normally (`finish`); the span ends with the stream, in `end()`. */
  succeeded(response: StepResponse): void {
    this.#outcome ??= { response };
  }

  /** The call failed (an error after a success, such as a throwing `onFinish`, wins). */
  failed(error: unknown): void {
    this.#outcome = { error };
  }

  /**
   * End the span once the stream is over: normally, with an error, or cancelled by a caller
   * that stopped reading (status ERROR, `error.type` AbortError). Then record the metrics.
   */
  end(): void {
    const span = this.#span;
    const api = this.#api;
    if (span === undefined || api === undefined || this.#ended) return;
    this.#ended = true;
    const endedAt = performance.now();
    const outcome: Outcome = this.#outcome ?? { error: new CancelledRead() };
    const recording = span.isRecording();
    const meter = this.#settings.telemetry.meter ?? api.metrics.getMeter('synapsekit');
    // The metrics describe requests to the model: a call answered from the cache sent none. The
    // API's no-op meter records nothing: no attributes are built for it.
    const measuring = !outcome.response?.cached && !isNoopMeter(api, meter);
    if (!recording && !measuring) {
      span.end();
      return;
    }
    const measured: Attributes = { ...this.#identity };
    if (this.#responseModel !== undefined) measured['gen_ai.response.model'] = this.#responseModel;
    const { response } = outcome;
    if (response === undefined) measured['error.type'] = errorType(outcome.error);
    if (recording) this.#describeOutcome(span, api, outcome, measured);
    const firstChunkSeconds =
      this.#settings.streaming && this.#firstChunkAt !== undefined
        ? (this.#firstChunkAt - this.#startedAt) / 1000
        : undefined;
    if (recording && firstChunkSeconds !== undefined) {
      span.setAttribute('gen_ai.response.time_to_first_chunk', firstChunkSeconds);
    }
    span.end();
    if (!measuring) return;
    recordCall(instrumentsOf(meter), {
      attributes: measured,
      durationSeconds: (endedAt - this.#startedAt) / 1000,
      usage: response?.usage,
      timeToFirstChunkSeconds: firstChunkSeconds,
    });
  }

  /** The span's response or error attributes and status (recording spans only). */
  #describeOutcome(span: Span, api: OtelApi, outcome: Outcome, measured: Attributes): void {
    const responseModel = measured['gen_ai.response.model'];
    if (responseModel !== undefined) span.setAttribute('gen_ai.response.model', responseModel);
    const { response } = outcome;
    if (response !== undefined) {
      span.setAttributes({
        'gen_ai.response.finish_reasons': [genAiFinishReason(response.finishReason)],
        ...usageAttributes(response.usage),
        'synapsekit.attempts': response.attempts,
        'synapsekit.steps': response.steps,
      });
      if (this.#cacheUsed) span.setAttribute('synapsekit.cache.hit', response.cached);
      if (this.#settings.telemetry.recordContent) {
        span.setAttribute('gen_ai.output.messages', outputMessages(response));
      }
      return;
    }
    const { error } = outcome;
    span.setAttribute('error.type', errorType(error));
    if (error instanceof SynapseKitError) {
      span.setAttribute('synapsekit.attempts', error.attempts.length);
    }
    const message = error instanceof Error ? error.message : String(error);
    span.setStatus({ code: api.SpanStatusCode.ERROR, message });
    if (!(error instanceof CancelledRead) && error instanceof Error) span.recordException(error);
  }
}

let tracerOf: { provider: object; tracer: TelemetryTracer } | undefined;

/**
 * The global provider's `synapsekit` tracer, made once per provider: `getTracer` allocates a
 * tracer (a proxy, before an SDK is registered) on every call. A provider registered later, or
 * replaced (tests do), is a new provider, hence a new tracer.
 */
function defaultTracer(api: OtelApi): TelemetryTracer {
  const provider = api.trace.getTracerProvider();
  if (tracerOf?.provider !== provider) {
    tracerOf = { provider, tracer: provider.getTracer('synapsekit') };
  }
  return tracerOf.tracer;
}

/** A caller that stopped reading: the request was cancelled, as with an abort. */
class CancelledRead extends Error {
  constructor() {
    super(CANCELLED_MESSAGE);
    this.name = 'AbortError';
  }
}

/** `error.type`: our error's class name (`RateLimitError`...), any other error's name. */
function errorType(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER';
}

function contentAttributes(messages: Message[]): Attributes {
  const system = systemInstructions(messages);
  return {
    'gen_ai.input.messages': inputMessages(messages),
    ...(system === undefined ? {} : { 'gen_ai.system_instructions': system }),
  };
}

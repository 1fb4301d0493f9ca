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
import { loadOtelApi, type OtelApi } from './otel-api.js';

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
    this.#tracer = telemetry.tracer ?? api.trace.getTracer('synapsekit');
    const parent = api.context.active();
    const span = (this.#tracer as Tracer).startSpan(
      `chat ${call.model}`,
      {
        kind: api.SpanKind.CLIENT,
        attributes: {
          ...callIdentity(provider, call.model, endpoint),
          ...requestAttributes(call),
          ...(telemetry.recordContent ? contentAttributes(call.messages) : {}),
          ...attributes,
        },
      },
      parent,
    );
    this.#span = span;
    this.#context = api.trace.setSpan(parent, span);
    this.#startedAt = performance.now();
  }

  /** Pull the call's next item with this span active, so HTTP and tool spans nest under it. */
  next<T, R>(run: AsyncGenerator<T, R>): Promise<IteratorResult<T, R>> {
    const context = this.#context;
    if (this.#api === undefined || context === undefined) return run.next();
    return this.#api.context.with(context, () => run.next());
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
    const identity = callIdentity(
      this.#settings.provider,
      this.#settings.call.model,
      this.#settings.endpoint,
    );
    const measured: Attributes = { ...identity };
    if (this.#responseModel !== undefined) {
      span.setAttribute('gen_ai.response.model', this.#responseModel);
      measured['gen_ai.response.model'] = this.#responseModel;
    }
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
    } else {
      const type = errorType(outcome.error);
      measured['error.type'] = type;
      span.setAttribute('error.type', type);
      if (outcome.error instanceof SynapseKitError) {
        span.setAttribute('synapsekit.attempts', outcome.error.attempts.length);
      }
      const message =
        outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message });
      if (!(outcome.error instanceof CancelledRead) && outcome.error instanceof Error) {
        span.recordException(outcome.error);
      }
    }
    const firstChunkSeconds =
      this.#settings.streaming && this.#firstChunkAt !== undefined
        ? (this.#firstChunkAt - this.#startedAt) / 1000
        : undefined;
    if (firstChunkSeconds !== undefined) {
      span.setAttribute('gen_ai.response.time_to_first_chunk', firstChunkSeconds);
    }
    span.end();
    // The metrics describe requests to the model: a call answered from the cache sent none.
    if (response?.cached) return;
    recordCall(
      instrumentsOf(this.#settings.telemetry.meter ?? api.metrics.getMeter('synapsekit')),
      {
        attributes: measured,
        durationSeconds: (endedAt - this.#startedAt) / 1000,
        usage: response?.usage,
        timeToFirstChunkSeconds: firstChunkSeconds,
      },
    );
  }
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

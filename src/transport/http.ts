import {
  AbortError,
  ConnectionError,
  ProviderError,
  SynapseKitError,
  TimeoutError,
} from '../errors.js';
import {
  errorFromPayload,
  errorFromRedirect,
  errorFromResponse,
  type ErrorContext,
} from './errors.js';
import { MAX_ERROR_BODY_BYTES, MAX_EVENT_CHARS, MAX_EVENT_LINES } from './limits.js';
import { parseNdjson } from './ndjson.js';
import { scrubbedCause, scrubSecrets } from './secrets.js';
import { parseSse, type BodyReader, type SseEvent } from './sse.js';

/** Told of each exchange: the URL before it is sent, the status when headers arrive. */
export interface ExchangeObserver {
  /** The request is about to go out (the URL may hold secrets: the observer redacts). */
  request(url: string): void;
  /** Response headers arrived with this status (any status, errors included). */
  response(status: number): void;
}

export interface HttpClientOptions extends ErrorContext {
  fetch: typeof fetch;
  /** Time allowed for response headers and for each silent gap in the body. */
  timeoutMs: number;
  /** The caller's signal; aborting it cancels the request itself. */
  signal?: AbortSignal | undefined;
  /** Extra headers from the config; they win over the provider's own. */
  headers: Readonly<Record<string, string>>;
  /**
   * The request asks for a stream, so a 2xx JSON answer is an error body (gateways and
   * proxies answer that way), not the answer.
   */
  streaming?: boolean;
  /**
   * Called with the response headers as soon as they arrive, whatever the status: the one place
   * the pipeline reads them (the provider's rate-limit headers), for every provider.
   */
  onHeaders?: ((headers: Headers) => void) | undefined;
  /** The debug log and telemetry of the call, when either is on. */
  observer?: ExchangeObserver | undefined;
}

/**
 * What a provider posts with `HttpClient.post`.
 *
 * @category Writing a provider
 */
export interface PostRequest {
  /** The provider's headers (auth, content type); the config's `headers` are laid over them. */
  headers: Record<string, string>;
  /** The serialised request body, usually JSON. */
  body: string;
}

/**
 * One HTTP exchange with a provider: a POST, then its body as bytes, SSE events or NDJSON
 * lines. It owns the AbortController, so the caller's abort, a timeout and `close()` all
 * cancel the socket rather than just stop waiting. `BaseLLM` builds one per attempt and hands
 * it to `streamParts`; a provider never builds its own.
 *
 * @category Writing a provider
 */
export class HttpClient {
  readonly #options: HttpClientOptions;
  readonly #controller = new AbortController();
  readonly #unlink: () => void;
  /** Set once the body was read to its end: the exchange is over and there is nothing to cancel. */
  #complete = false;

  /** @internal Built by `BaseLLM` for each attempt. */
  constructor(options: HttpClientOptions) {
    this.#options = options;
    const signal = options.signal;
    if (signal?.aborted) {
      this.#controller.abort(new AbortError(undefined, { cause: signal.reason }));
    }
    const onAbort = (): void =>
      this.#controller.abort(new AbortError(undefined, { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#unlink = () => signal?.removeEventListener('abort', onAbort);
  }

  /** The signal that ends this exchange; pass it to anything else the provider awaits. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * POST and wait for headers. A redirect is not followed (a non-retryable error naming where
   * it pointed); an error status, or JSON where a stream was asked for, becomes the typed
   * error read from the body.
   */
  async post(url: string, request: PostRequest): Promise<Response> {
    this.#throwIfAborted();
    const timer = setTimeout(() => this.#timeout('response headers'), this.#options.timeoutMs);
    this.#options.observer?.request(url);
    let response: Response;
    try {
      response = await this.#options.fetch(url, {
        method: 'POST',
        headers: { ...request.headers, ...this.#options.headers },
        body: request.body,
        signal: this.#controller.signal,
        // A redirect would carry the credentials to wherever it points: see errorFromRedirect.
        redirect: 'manual',
      });
    } catch (error) {
      throw this.#normalise(error, 'connecting');
    } finally {
      clearTimeout(timer);
    }
    this.#options.onHeaders?.(response.headers);
    this.#options.observer?.response(response.status);
    if (response.status >= 300 && response.status < 400) {
      response.body?.cancel().catch(() => undefined);
      throw errorFromRedirect(response, url, this.#options);
    }
    if (!response.ok || (this.#options.streaming === true && isJson(response))) {
      const { text, problem } = await this.#readErrorBody(response);
      throw errorFromResponse(response, text, this.#options, problem);
    }
    if (!response.body) {
      throw new ConnectionError(
        `${this.#options.provider} answered HTTP ${response.status} with no body.`,
        {
          provider: this.#options.provider,
          status: response.status,
          retryable: true,
        },
      );
    }
    return response;
  }

  /** The response body as byte chunks; each wait for the next chunk is bounded by the timeout. */
  async *bytes(response: Response | Promise<Response>): AsyncGenerator<Uint8Array> {
    const body = await this.#openBody(response);
    try {
      for (let chunk = await body.read(); chunk !== undefined; chunk = await body.read()) {
        yield chunk;
      }
    } finally {
      await body.finish();
    }
  }

  /** Text decoded across chunk boundaries (split multi-byte characters included). */
  async *text(response: Response | Promise<Response>): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    for await (const chunk of this.bytes(response)) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  /**
   * Server-sent events of the body, one batch per network read. The parser reads the body
   * itself (no generator in between): on a 20,000-chunk stream every layer shows.
   */
  sse(response: Response | Promise<Response>): AsyncGenerator<SseEvent[]> {
    return parseSse(this.#openBody(response), () => this.#eventTooLarge());
  }

  /** One parsed JSON value per line of the body. */
  ndjson(response: Response | Promise<Response>): AsyncGenerator<unknown> {
    return parseNdjson(
      this.text(response),
      (line) => this.malformed(line),
      () => this.#eventTooLarge(),
    );
  }

  /** The typed error for an error a provider sent inside a 200 stream. */
  streamError(payload: unknown): ProviderError {
    return errorFromPayload(payload, this.#options);
  }

  /** A stream chunk's JSON, or the `malformed` error when it is not valid JSON. */
  parseJson(data: string): unknown {
    try {
      return JSON.parse(data);
    } catch {
      throw this.malformed(data);
    }
  }

  /** The error for a chunk that is not valid JSON (the provider or a proxy garbled the stream). */
  malformed(data: string): ProviderError {
    // Scrubbed before it is cut, so a key across the cut leaves no piece behind.
    const text = scrubSecrets(data, this.#options.secrets);
    const snippet = text.length > 120 ? `${text.slice(0, 120)}...` : text;
    return new ConnectionError(
      `${this.#options.provider} sent a stream chunk that is not valid JSON: ${JSON.stringify(snippet)}. ` +
        'The stream is corrupt; retry the call.',
      { provider: this.#options.provider, retryable: true },
    );
  }

  /**
   * One event outgrew MAX_EVENT_CHARS or MAX_EVENT_LINES. No provider sends that: the body is
   * corrupt or hostile (a small compressed body can inflate without end), so it is not retried.
   */
  #eventTooLarge(): ProviderError {
    const mebi = MAX_EVENT_CHARS / (1024 * 1024);
    return new ProviderError(
      `${this.#options.provider} sent a stream event longer than ${mebi} Mi characters or ` +
        `${MAX_EVENT_LINES} lines; reading stopped there. The response is corrupt or not ` +
        'from an LLM API: check baseUrl.',
      { provider: this.#options.provider, retryable: false },
    );
  }

  /**
   * The start of an error body: at most MAX_ERROR_BODY_BYTES (inflated), each read under
   * `timeout`, the rest cancelled. A body that stalls or breaks off keeps what arrived, with
   * the reason as `problem`; an abort is the caller's and is thrown.
   */
  async #readErrorBody(response: Response): Promise<{ text: string; problem?: SynapseKitError }> {
    const body = await this.#openBody(response, 'error body data');
    const decoder = new TextDecoder();
    let text = '';
    let room = MAX_ERROR_BODY_BYTES;
    try {
      for (let chunk = await body.read(); chunk !== undefined; chunk = await body.read()) {
        text += decoder.decode(chunk.subarray(0, room), { stream: true });
        room -= Math.min(chunk.length, room);
        if (room === 0) break;
      }
      return { text: text + decoder.decode() };
    } catch (error) {
      if (error instanceof AbortError) throw error;
      return { text: text + decoder.decode(), problem: error as SynapseKitError };
    } finally {
      await body.finish();
    }
  }

  /**
   * A reader over the body: `read()` resolves to the next chunk, or undefined at the end, and
   * waits at most `timeout` (only while we wait on the provider: the consumer's time between
   * reads is not the provider's silence). `finish()` must follow, normal end or not.
   */
  async #openBody(
    response: Response | Promise<Response>,
    waitingFor = 'stream data',
  ): Promise<BodyReader> {
    const body = (await response).body;
    if (!body) return { read: async () => undefined, finish: async () => undefined };
    const reader = body.getReader();
    return {
      read: async () => {
        const timer = setTimeout(() => this.#timeout(waitingFor), this.#options.timeoutMs);
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw this.#normalise(error, 'streaming');
        } finally {
          clearTimeout(timer);
        }
        if (!chunk.done) return chunk.value;
        this.#complete = true;
        return undefined;
      },
      finish: async () => {
        if (!this.#complete) await this.#finishOrCancel(reader);
      },
    };
  }

  /**
   * The reader stopped before the body's end: usually a provider that returned at its
   * end-of-response signal, with the end already buffered. Reading that end completes the
   * exchange (close() then has nothing to cancel). Anything else, such as a consumer that
   * stopped early, cancels the body, which ends the HTTP exchange.
   */
  async #finishOrCancel(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    let timer: NodeJS.Immediate | undefined;
    const ended = await Promise.race([
      reader.read().then(
        (chunk) => chunk.done,
        () => false,
      ),
      // A body end that is not buffered yet would mean waiting on the network: don't.
      new Promise<false>((resolve) => (timer = setImmediate(resolve, false))),
    ]);
    clearImmediate(timer);
    if (ended) this.#complete = true;
    else reader.cancel().catch(() => undefined);
  }

  /** Cancel the exchange if it is still open. */
  close(): void {
    this.#unlink();
    // Aborting a finished fetch is not free (an error object, and undici errors its spent
    // streams): after a body read to its end there is nothing left to cancel.
    if (!this.#complete && !this.#controller.signal.aborted)
      this.#controller.abort(new AbortError('The request was closed.'));
  }

  #timeout(waitingFor: string): void {
    const seconds = this.#options.timeoutMs / 1000;
    this.#controller.abort(
      new TimeoutError(
        `${this.#options.provider} sent no ${waitingFor} for ${seconds} s (timeout). ` +
          'Raise `timeout` for slow models, or check that the endpoint is reachable.',
        this.#options.timeoutMs,
      ),
    );
  }

  #throwIfAborted(): void {
    const reason: unknown = this.#controller.signal.reason;
    if (this.#controller.signal.aborted)
      throw reason instanceof SynapseKitError ? reason : new AbortError();
  }

  /**
   * Our own abort reasons (abort, timeout) win over whatever the fetch implementation threw.
   * What it threw may quote a header value, so the detail and the cause are scrubbed.
   */
  #normalise(error: unknown, phase: 'connecting' | 'streaming'): SynapseKitError {
    const reason: unknown = this.#controller.signal.reason;
    if (this.#controller.signal.aborted && reason instanceof SynapseKitError) return reason;
    if (error instanceof SynapseKitError) return error;
    const { provider, secrets } = this.#options;
    const detail = scrubSecrets(describeCause(error), secrets);
    const cause = scrubbedCause(error, secrets);
    // fetch reports a network failure as TypeError('fetch failed', { cause }); any other
    // TypeError means the request could not be built (an invalid header value): retrying
    // the same request cannot help.
    if (phase === 'connecting' && error instanceof TypeError && error.message !== 'fetch failed') {
      return new ProviderError(
        `Could not send the request to ${provider} (${detail}). Check apiKey, headers and baseUrl.`,
        { provider, retryable: false, cause },
      );
    }
    const message =
      phase === 'connecting'
        ? `Could not reach ${provider} (${detail}). Check baseUrl and the network.`
        : `The connection to ${provider} broke mid-stream (${detail}).`;
    return new ConnectionError(message, { provider, retryable: true, cause });
  }
}

/** `application/json` or a `+json` type; not NDJSON, which is a stream. */
function isJson(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type);
}

/** What a failed fetch or read says, with the network code of its cause when there is one. */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

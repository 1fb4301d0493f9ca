import { AbortError, ConfigError, SynapseKitError, TimeoutError } from '../../errors.js';
import { describeCause } from '../../transport/http.js';
import { MediaDownloadError } from './download-error.js';

/** How a URL is downloaded: the config's `fetch`, `timeout` and size cap, the call's signal. */
export interface DownloadOptions {
  fetch: typeof fetch;
  /** For the response headers and for each silent gap in the body, as for provider calls. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** The most bytes read; more is a ConfigError (`maxDownloadBytes`). */
  maxBytes: number;
}

/** A downloaded body and the type the server gave it. */
export interface Downloaded {
  bytes: Uint8Array;
  /** The `content-type` without parameters, lower case; undefined when absent. */
  contentType: string | undefined;
}

/**
 * GET one http(s) URL through the configured `fetch`, with no credentials of ours (the
 * config's `headers` belong to the provider). Redirects are followed (images live behind
 * CDNs; fetch follows only http(s) ones). A body announced or found to be larger than the cap
 * fails after reading at most the cap (plus the one network chunk that crossed it).
 */
export function download(url: URL, field: string, options: DownloadOptions): Promise<Downloaded> {
  return new BoundedDownload(url, field, options).run();
}

/** The URL for messages: origin and path only (a query or user:password may hold a secret). */
export function showUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** One download: its abort controller (the caller's signal, the timeout) and its timer. */
class BoundedDownload {
  readonly #url: URL;
  readonly #field: string;
  readonly #options: DownloadOptions;
  readonly #shownUrl: string;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(url: URL, field: string, options: DownloadOptions) {
    this.#url = url;
    this.#field = field;
    this.#options = options;
    this.#shownUrl = showUrl(url);
  }

  async run(): Promise<Downloaded> {
    const { signal } = this.#options;
    const onAbort = (): void =>
      this.#controller.abort(new AbortError(undefined, { cause: signal?.reason }));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.#waitFor('response headers', () =>
        this.#options.fetch(this.#url.href, {
          signal: this.#controller.signal,
          redirect: 'follow',
        }),
      );
      if (!response.ok) {
        response.body?.cancel().catch(() => undefined);
        throw new MediaDownloadError(
          `${this.#field}: downloading ${this.#shownUrl} failed with HTTP ${response.status}. ` +
            'Check that the URL is public, or download it yourself and pass the bytes.',
          { url: this.#shownUrl, status: response.status },
        );
      }
      const announced = Number(response.headers.get('content-length') ?? NaN);
      if (announced > this.#options.maxBytes) {
        response.body?.cancel().catch(() => undefined);
        throw this.#tooLarge(`it announced ${announced} bytes`);
      }
      const bytes = await this.#body(response);
      const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      return { bytes, contentType: type === '' ? undefined : type };
    } finally {
      clearTimeout(this.#timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The body, chunk by chunk, stopped as soon as it outgrows the cap. */
  async #body(response: Response): Promise<Uint8Array> {
    const reader = response.body?.getReader();
    if (reader === undefined) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const chunk = await this.#waitFor('data', () => reader.read());
        if (chunk.done) break;
        total += chunk.value.length;
        if (total > this.#options.maxBytes) {
          reader.cancel().catch(() => undefined);
          throw this.#tooLarge('it sent more than that');
        }
        chunks.push(chunk.value);
      }
    } finally {
      reader.releaseLock();
    }
    return Buffer.concat(chunks, total);
  }

  /**
   * One wait on the server, bounded by the timeout; a failure is ours (timeout, abort) when we
   * caused it, else a MediaDownloadError.
   */
  async #waitFor<T>(waitingFor: string, wait: () => Promise<T>): Promise<T> {
    this.#timer = setTimeout(() => this.#timeOut(waitingFor), this.#options.timeoutMs);
    try {
      return await wait();
    } catch (error) {
      const reason: unknown = this.#controller.signal.reason;
      if (this.#controller.signal.aborted && reason instanceof SynapseKitError) throw reason;
      if (error instanceof SynapseKitError) throw error;
      const what = waitingFor === 'data' ? 'broke off' : 'could not start';
      throw new MediaDownloadError(
        `${this.#field}: the download of ${this.#shownUrl} ${what} (${describeCause(error)}). ` +
          'Check the URL and the network, or download it yourself and pass the bytes.',
        { url: this.#shownUrl, cause: error },
      );
    } finally {
      clearTimeout(this.#timer);
    }
  }

  #timeOut(waitingFor: string): void {
    const seconds = this.#options.timeoutMs / 1000;
    this.#controller.abort(
      new TimeoutError(
        `${this.#field}: no ${waitingFor} from ${this.#shownUrl} for ${seconds} s (timeout) while ` +
          'downloading it. Raise `timeout`, or download it yourself and pass the bytes.',
        this.#options.timeoutMs,
      ),
    );
  }

  #tooLarge(what: string): ConfigError {
    const maxBytes = this.#options.maxBytes;
    const megabytes = (maxBytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
    return new ConfigError(
      `${this.#field}: ${this.#shownUrl} is larger than maxDownloadBytes (${maxBytes} bytes, ` +
        `${megabytes} MB): ${what}, so the download was stopped. Raise maxDownloadBytes, send a ` +
        'smaller file, or download it yourself and pass the bytes.',
      'maxDownloadBytes',
    );
  }
}

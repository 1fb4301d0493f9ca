import { SynapseKitError } from '../../errors.js';

/**
 * An image or file URL that the provider cannot take (Ollama, Bedrock, Gemini for non-Google
 * URLs, OpenAI for PDFs) could not be downloaded: the server answered with an error status, or
 * the connection failed. Thrown before any request to the provider. A timeout is a
 * `TimeoutError`, an abort an `AbortError`, a download over `maxDownloadBytes` a `ConfigError`.
 *
 * @category Errors
 */
export class MediaDownloadError extends SynapseKitError {
  /** The URL, without its query string or credentials (they may hold a signature). */
  readonly url: string;
  /** The HTTP status the server answered with; undefined when no response arrived. */
  readonly status: number | undefined;

  /**
   * Usually thrown by the library; construct one yourself in tests or wrappers.
   *
   * @param message What went wrong and what to do next.
   * @param details The URL as shown, the status, and the underlying error.
   */
  constructor(message: string, details: { url: string; status?: number; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.url = details.url;
    this.status = details.status;
  }

  /** Whether the same download could succeed later: no response, 408, 429 or a 5xx. */
  override get retryable(): boolean {
    const status = this.status;
    return status === undefined || status === 408 || status === 429 || status >= 500;
  }
}

import { ConnectionError, ProviderError } from '../errors.js';
import type { HttpClient } from '../transport/http.js';
import { scrubSecrets } from '../transport/secrets.js';
import type { ProviderName } from '../types.js';

/**
 * The most bytes one embeddings answer may take: 1 MiB plus 128 KiB per text sent. A vector of
 * 4,096 dimensions written as JSON numbers is 60 to 90 KB (float64 digits at the top end), and
 * OpenAI's base64 floats take a third of that, so real answers fit with room to spare, while a
 * body that inflates without end (a compressed bomb, a wrong baseUrl streaming something else)
 * stops there.
 */
export function maxAnswerBytes(texts: number): number {
  return 1024 * 1024 + texts * 128 * 1024;
}

/**
 * Read a whole JSON answer through the transport (each wait bounded by `timeout`), at most
 * `maxBytes` of it. A body that is not JSON is a retryable `ConnectionError` (a gateway's HTML
 * page, a body cut short); one over the bound is a `ProviderError` that is not retried.
 */
export async function readJson(
  http: HttpClient,
  response: Response,
  context: { provider: ProviderName; secrets: readonly string[]; maxBytes: number },
): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of http.bytes(response)) {
    size += chunk.length;
    if (size > context.maxBytes) {
      throw new ProviderError(
        `${context.provider} sent an embeddings answer over ${Math.round(context.maxBytes / 1024 / 1024)} MiB; ` +
          'reading stopped there. The answer is corrupt or not from an embeddings API: check baseUrl.',
        { provider: context.provider, retryable: false },
      );
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks, size).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Scrubbed before it is cut, so a key across the cut leaves no piece behind.
    const scrubbed = scrubSecrets(text, context.secrets);
    const snippet = scrubbed.length > 120 ? `${scrubbed.slice(0, 120)}...` : scrubbed;
    throw new ConnectionError(
      `${context.provider} answered the embeddings request with a body that is not JSON: ` +
        `${JSON.stringify(snippet)}. Retry, or check baseUrl.`,
      { provider: context.provider, retryable: true },
    );
  }
}

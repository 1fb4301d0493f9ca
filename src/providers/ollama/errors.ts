import { ProviderError } from '../../errors.js';

/**
 * Ollama answers 404 `{"error":"model 'x' not found"}` for a model that was never pulled; the
 * fix is on the user's machine, so say it. Any other error passes through unchanged.
 */
export function withPullAdvice(error: unknown, model: string): unknown {
  if (
    !(error instanceof ProviderError) ||
    error.status !== 404 ||
    !/model .*not found/i.test(error.providerMessage ?? '')
  ) {
    return error;
  }
  return new ProviderError(
    `${error.message} Pull it first with \`ollama pull ${model}\` on the Ollama server ` +
      '(`ollama list` shows the models it has).',
    {
      provider: error.provider,
      status: error.status,
      providerMessage: error.providerMessage,
      code: error.code,
      requestId: error.requestId,
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
    },
  );
}

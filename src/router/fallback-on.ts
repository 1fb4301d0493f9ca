import {
  AbortError,
  BudgetExceededError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  type SynapseKitError,
} from '../errors.js';

// How providers name a prompt too long for the model: OpenAI's code, Anthropic's and Gemini's
// messages, and the wording of the OpenAI-compatible vendors.
const CONTEXT_LENGTH =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long/i;

/**
 * The default `fallbackOn`: whatever another model may answer. Retryable errors (connection
 * failures, overloads), timeouts, every 429 (an exhausted quota is another provider's business),
 * 5xx answers, a prompt too long for this model, and a model's own spent budget. Not an abort,
 * nor other 4xx answers (bad input, a bad key): those are mistakes to fix, not to route around.
 */
export function defaultFallbackOn(error: SynapseKitError): boolean {
  if (error instanceof AbortError) return false;
  if (error.retryable) return true;
  if (error instanceof TimeoutError || error instanceof RateLimitError) return true;
  if (error instanceof BudgetExceededError) return true;
  if (error instanceof ProviderError) {
    if (error.status !== undefined && error.status >= 500) return true;
    const said = `${error.code ?? ''} ${error.providerMessage ?? ''}`;
    return CONTEXT_LENGTH.test(said);
  }
  return false;
}

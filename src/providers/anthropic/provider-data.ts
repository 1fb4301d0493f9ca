import type { ProviderData } from '../../messages.js';
import { ownData } from '../parts.js';

/** The key of this protocol's opaque state in `providerData` (`{ anthropic: {...} }`). */
export const ANTHROPIC_NAMESPACE = 'anthropic';

/**
 * What a reasoning part keeps under `providerData.anthropic`: the API wants both back byte for
 * byte, in their original place, on the next request of a tool-use cycle.
 */
export interface AnthropicReasoningData {
  /** A `thinking` block's `signature` (from its `signature_delta`). */
  signature?: string;
  /** A `redacted_thinking` block's encrypted `data`. */
  redactedData?: string;
}

/** The Anthropic state of a reasoning part; fields of another type are ignored. */
export function reasoningData(providerData: ProviderData | undefined): AnthropicReasoningData {
  const data = ownData(providerData, ANTHROPIC_NAMESPACE);
  const found: AnthropicReasoningData = {};
  if (typeof data?.signature === 'string') found.signature = data.signature;
  if (typeof data?.redactedData === 'string') found.redactedData = data.redactedData;
  return found;
}

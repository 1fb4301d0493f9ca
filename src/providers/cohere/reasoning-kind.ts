import type { ProviderData, ReasoningPart } from '../../messages.js';
import { ownData } from '../parts.js';

/**
 * Which of Cohere's two reasoning streams a reasoning part came from: a `thinking` content block
 * (reasoning models) or the `tool_plan` the model writes before its tool calls. Both are
 * reasoning to the caller, but each goes back to Cohere in its own place (a `thinking` content
 * item, the `tool_plan` field), so the stream marks the part in `providerData.cohere.kind`.
 */
export type CohereReasoningKind = 'thinking' | 'tool_plan';

/** The provider data that marks a reasoning part as Cohere's (a new object per part). */
export function cohereReasoningData(kind: CohereReasoningKind): ProviderData {
  return { cohere: { kind } };
}

/** The kind a reasoning part was marked with; undefined for reasoning from any other provider. */
export function cohereReasoningKind(part: ReasoningPart): CohereReasoningKind | undefined {
  const kind = ownData(part.providerData, 'cohere')?.kind;
  return kind === 'thinking' || kind === 'tool_plan' ? kind : undefined;
}

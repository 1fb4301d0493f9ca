import type { ProviderData } from '../../messages.js';
import { ownData } from '../parts.js';

/**
 * What Gemini needs back on a part, kept under `providerData.gemini`: the part's
 * `thoughtSignature` (opaque, echoed byte for byte on the same part) and, on a tool call, the
 * `functionCall.id` Gemini sent. A call without a Gemini id has a made-up one in our messages,
 * which must never reach the wire; the id stored here tells the two apart.
 */
export interface GeminiPartData {
  /** The part's `thoughtSignature`, exactly as Gemini sent it. */
  thoughtSignature?: string;
  /** The call's `functionCall.id`, only when Gemini sent one. */
  id?: string;
}

/** The namespace of Gemini's state in `providerData`. */
const NAMESPACE = 'gemini';

/** `providerData` holding a part's Gemini state, or undefined when there is none to keep. */
export function geminiProviderData(
  thoughtSignature: unknown,
  id?: unknown,
): ProviderData | undefined {
  const data: GeminiPartData = {};
  if (typeof thoughtSignature === 'string' && thoughtSignature !== '') {
    data.thoughtSignature = thoughtSignature;
  }
  if (typeof id === 'string' && id !== '') data.id = id;
  return data.thoughtSignature === undefined && data.id === undefined
    ? undefined
    : { [NAMESPACE]: data };
}

/** A part's Gemini state; another provider's state (or none) gives `{}`. */
export function readGeminiData(providerData: ProviderData | undefined): GeminiPartData {
  const data = ownData(providerData, NAMESPACE);
  if (data === undefined) return {};
  const read: GeminiPartData = {};
  if (typeof data.thoughtSignature === 'string') read.thoughtSignature = data.thoughtSignature;
  if (typeof data.id === 'string') read.id = data.id;
  return read;
}

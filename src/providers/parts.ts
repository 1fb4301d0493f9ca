import { ConfigError } from '../errors.js';
import type { FilePart, ImagePart, ProviderData, ReasoningPart } from '../messages.js';
import type { ProviderName } from '../types.js';

/**
 * An image or file part the protocol cannot carry. The pipeline refuses these before anything
 * happens (from the provider's `ProviderSpec.media`); a converter throws this for a part that
 * got past it (a provider called around the pipeline), rather than dropping it.
 */
export function unsupportedPart(provider: ProviderName, part: ImagePart | FilePart): ConfigError {
  const what = part.type === 'file' ? `${part.mediaType} files` : 'image parts';
  return new ConfigError(
    `${provider} cannot take ${what}: its chat API has no input for them. ` +
      'Send the content as text, or use a provider that takes it.',
    'messages',
  );
}

/** A tool's output as text for protocols that take a string: strings as they are, the rest as JSON. */
export function toolOutputText(output: unknown): string {
  // JSON.stringify(undefined) is undefined: a missing output is sent as JSON null.
  return typeof output === 'string' ? output : (JSON.stringify(output) ?? 'null');
}

/** The provider data a provider stored under its own name, e.g. `providerData.anthropic`. */
export function ownData(
  providerData: ProviderData | undefined,
  namespace: string,
): Record<string, unknown> | undefined {
  const data = providerData?.[namespace];
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

/** The joined text of a message's reasoning parts ('' when none). */
export function reasoningText(parts: ReadonlyArray<{ type: string }>): string {
  let text = '';
  for (const part of parts) if (part.type === 'reasoning') text += (part as ReasoningPart).text;
  return text;
}

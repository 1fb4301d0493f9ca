import { ConfigError } from '../../errors.js';
import type { ProviderName } from '../../types.js';

/**
 * What a provider's protocol takes of one kind of media part.
 *
 * @category Writing a provider
 */
export interface MediaKindSupport {
  /**
   * URLs the provider fetches itself, sent as URLs: `true` for any http(s) URL, `false` for
   * none, or a test (Gemini takes only its own Files API URIs). Any other URL is downloaded
   * through the configured `fetch` and sent inline.
   */
  takesUrls: boolean | ((url: URL) => boolean);
  /**
   * The media types the protocol can carry (e.g. Bedrock's document formats); undefined: any,
   * and the provider judges. Checked once the type is known (given, sniffed or downloaded).
   */
  mediaTypes?: readonly string[] | undefined;
}

/**
 * What a provider's protocol takes of image and file parts (`ProviderSpec.media`). A kind left
 * out is a `ConfigError` naming the provider and the part, before any request. Whether a given
 * model accepts a part (vision, PDFs) stays the provider's call.
 *
 * @category Writing a provider
 */
export interface MediaSupport {
  /** Image parts, and file parts with an `image/*` media type (sent as images). */
  images?: MediaKindSupport | undefined;
  /** Every other file part (PDFs, text...). */
  files?: MediaKindSupport | undefined;
}

/** Which entry of MediaSupport a part falls under. */
export type MediaKind = keyof MediaSupport;

/** The words for a kind in messages: "image parts", "file parts". */
function kindWords(kind: MediaKind): string {
  return kind === 'images' ? 'image parts' : 'file parts';
}

/** The support for a kind, or the ConfigError for a provider that takes none. */
export function supportFor(
  provider: ProviderName,
  support: MediaSupport | undefined,
  kind: MediaKind,
  field: string,
  mediaType: string | undefined,
): MediaKindSupport {
  const entry = support?.[kind];
  if (entry !== undefined) return entry;
  const what = kind === 'files' && mediaType !== undefined ? `${mediaType} files` : kindWords(kind);
  throw new ConfigError(
    `${provider} cannot take ${what} (${field}): its chat API has no input for them. ` +
      'Send the content as text, or use a provider that takes it (see the README, Images and files).',
    field,
  );
}

/** A media type outside what the protocol can carry is a ConfigError naming the part. */
export function checkMediaType(
  provider: ProviderName,
  entry: MediaKindSupport,
  kind: MediaKind,
  field: string,
  mediaType: string,
): void {
  if (entry.mediaTypes === undefined || entry.mediaTypes.includes(mediaType)) return;
  throw new ConfigError(
    `${provider} cannot take ${mediaType} in ${kindWords(kind)} (${field}); it takes ` +
      `${entry.mediaTypes.join(', ')}. Convert the content, or use another provider.`,
    field,
  );
}

/** Whether the provider takes this URL as a URL (else it is downloaded). */
export function takesUrl(entry: MediaKindSupport, url: URL): boolean {
  return typeof entry.takesUrls === 'function' ? entry.takesUrls(url) : entry.takesUrls;
}

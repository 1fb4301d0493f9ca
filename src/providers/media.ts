import type { FilePart, ImagePart } from '../messages.js';

/**
 * An image or file as a converter sends it: a URL the provider fetches itself, or the content
 * as base64 with its media type. The pipeline resolved the part before the request (see
 * `ProviderCall.messages`), so a converter never downloads, sniffs or decodes anything.
 */
export type WireMedia =
  | { url: string; base64?: undefined; mediaType: string | undefined }
  | { url?: undefined; base64: string; mediaType: string };

/** The resolved data of an image or file part. */
export function wireMedia(part: ImagePart | FilePart): WireMedia {
  const data = part.type === 'image' ? part.image : part.data;
  if (data instanceof URL) return { url: data.href, mediaType: part.mediaType };
  if (typeof data === 'string' && part.mediaType)
    return { base64: data, mediaType: part.mediaType };
  // Only a provider called around the pipeline could get here.
  throw new Error(
    'image and file parts reach providers resolved by the pipeline (a URL, or base64 with its mediaType)',
  );
}

/** `data:<type>;base64,<data>`, for protocols that take inline content as a data URL. */
export function dataUrl(media: { base64: string; mediaType: string }): string {
  return `data:${media.mediaType};base64,${media.base64}`;
}

/** The media's URL, or its content as a data URL (OpenAI-style `image_url`, Cohere, Mistral). */
export function urlOrDataUrl(media: WireMedia): string {
  return media.url ?? dataUrl(media);
}

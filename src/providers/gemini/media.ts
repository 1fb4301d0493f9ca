import type { MediaSupport } from '../../llm/media/support.js';
import type { FilePart, ImagePart } from '../../messages.js';
import { wireMedia } from '../media.js';

/**
 * `fileData` takes the URIs of Google's Files API (`https://generativelanguage.googleapis.com/
 * .../files/...`); other URLs are downloaded and sent inline.
 */
function isFilesApiUri(url: URL): boolean {
  return url.hostname === 'generativelanguage.googleapis.com' && url.pathname.includes('/files/');
}

/** Images and files of any type (the model judges), inline or as Files API URIs. */
export const GEMINI_MEDIA: MediaSupport = {
  images: { takesUrls: isFilesApiUri },
  files: { takesUrls: isFilesApiUri },
};

/** An image or file as a part: `inlineData` (base64), or `fileData` for a Files API URI. */
export function geminiMediaPart(part: ImagePart | FilePart): Record<string, unknown> {
  const media = wireMedia(part);
  if (media.url === undefined) {
    return { inlineData: { mimeType: media.mediaType, data: media.base64 } };
  }
  const fileData: Record<string, unknown> = { fileUri: media.url };
  if (media.mediaType !== undefined) fileData.mimeType = media.mediaType;
  return { fileData };
}

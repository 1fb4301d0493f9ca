import type { MediaSupport } from '../../llm/media/support.js';
import type { FilePart, ImagePart } from '../../messages.js';
import { wireMedia } from '../media.js';

/** Images by URL or base64; PDFs as documents, by URL or base64. */
export const ANTHROPIC_MEDIA: MediaSupport = {
  images: { takesUrls: true },
  files: { takesUrls: true, mediaTypes: ['application/pdf'] },
};

/**
 * An image as an `image` block, a PDF as a `document` block (its filename as the `title`),
 * each with a `url` source or a `base64` one.
 */
export function anthropicMediaBlock(part: ImagePart | FilePart): Record<string, unknown> {
  const media = wireMedia(part);
  const source =
    media.url !== undefined
      ? { type: 'url', url: media.url }
      : { type: 'base64', media_type: media.mediaType, data: media.base64 };
  if (part.type === 'image') return { type: 'image', source };
  const block: Record<string, unknown> = { type: 'document', source };
  if (part.filename !== undefined) block.title = part.filename;
  return block;
}

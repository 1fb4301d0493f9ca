import type { FilePart, ImagePart } from '../../messages.js';
import { unsupportedPart } from '../parts.js';
import { urlOrDataUrl, wireMedia } from '../media.js';
import type { ChatCompletionsDialect } from './presets.js';

/**
 * An image or file part of a user message as a Chat Completions content part: an image is
 * `image_url` (its URL, or a data URL) for every vendor; a file takes the vendor's shape.
 * `position` numbers files that have no filename.
 */
export function chatMediaPart(
  part: ImagePart | FilePart,
  dialect: ChatCompletionsDialect,
  position: number,
): Record<string, unknown> {
  const media = wireMedia(part);
  if (part.type === 'image') {
    if (dialect.media?.images === undefined) throw unsupportedPart(dialect.provider, part);
    return { type: 'image_url', image_url: { url: urlOrDataUrl(media) } };
  }
  const filename = part.filename ?? `document-${position + 1}.pdf`;
  switch (dialect.media?.files === undefined ? undefined : dialect.fileShape) {
    case 'file':
      // OpenAI: base64 as a data URL; OpenRouter also takes the URL itself.
      return { type: 'file', file: { filename, file_data: urlOrDataUrl(media) } };
    case 'file_url':
      // Perplexity: the URL, or the bare base64 (no data: prefix).
      return {
        type: 'file_url',
        file_url: { url: media.url ?? media.base64 },
        file_name: filename,
      };
    case 'document_url': {
      const document: Record<string, unknown> = {
        type: 'document_url',
        document_url: urlOrDataUrl(media),
      };
      if (part.filename !== undefined) document.document_name = part.filename;
      return document;
    }
    default:
      throw unsupportedPart(dialect.provider, part);
  }
}

import type { MediaSupport } from '../../llm/media/support.js';
import type { FilePart, ImagePart } from '../../messages.js';
import { wireMedia } from '../media.js';
import { unsupportedPart } from '../parts.js';

/** Converse's image formats, by media type. */
const IMAGE_FORMATS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Converse's document formats, by media type. */
const DOCUMENT_FORMATS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/**
 * Bytes only: Converse takes no web URL (only S3 locations), so every URL is downloaded first.
 * The formats are the ones Converse names.
 */
export const BEDROCK_MEDIA: MediaSupport = {
  images: { takesUrls: false, mediaTypes: Object.keys(IMAGE_FORMATS) },
  files: { takesUrls: false, mediaTypes: Object.keys(DOCUMENT_FORMATS) },
};

/**
 * An image as `{image: {format, source: {bytes}}}`, a file as `{document: {format, name,
 * source: {bytes}}}` (bytes are base64 over REST). `documentNumber` names a file without a
 * filename (`document-1`...).
 */
export function converseMediaBlock(
  part: ImagePart | FilePart,
  documentNumber: number,
): Record<string, unknown> {
  const media = wireMedia(part);
  const formats = part.type === 'image' ? IMAGE_FORMATS : DOCUMENT_FORMATS;
  const format = formats[media.mediaType ?? ''];
  if (media.base64 === undefined || format === undefined) throw unsupportedPart('bedrock', part);
  const source = { bytes: media.base64 };
  if (part.type === 'image') return { image: { format, source } };
  return { document: { format, name: documentName(part.filename, documentNumber), source } };
}

/**
 * Converse allows letters, digits, single spaces, hyphens, parentheses and square brackets in a
 * document name: the filename without its extension, other characters as hyphens.
 */
function documentName(filename: string | undefined, documentNumber: number): string {
  const name = (filename ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9\s()[\]-]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return name === '' ? `document-${documentNumber}` : name;
}

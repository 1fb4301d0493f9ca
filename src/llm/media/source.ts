import { ConfigError } from '../../errors.js';
import { SNIFF_BYTES, sniffMediaType } from './sniff.js';

/**
 * An image's or a file's data, sorted out: a web URL (handed to the provider, or downloaded
 * when the provider cannot take it), or the content itself as standard base64 with the media
 * type it declares or starts like (undefined when neither says).
 */
export type MediaSource =
  { kind: 'url'; url: URL } | { kind: 'inline'; base64: string; mediaType: string | undefined };

/** Standard base64, padded: what every provider's JSON takes, kept as it is. */
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Base64 as people pass it: line breaks, the URL-safe alphabet, missing padding. */
const LOOSE_BASE64 = /^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/;
/** A scheme (`https:`, `file:`, `gs:` ...); base64 never holds a colon. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Sort out one part's data (`image` or `data`): bytes, a `data:` URL, an http(s) URL (string
 * or `URL`) or bare base64. Anything else is a ConfigError naming `field`: another scheme
 * (`file:`, `gs:` ...), text that is none of these (a file path), an empty value.
 */
export function mediaSource(value: string | URL | Uint8Array, field: string): MediaSource {
  if (value instanceof Uint8Array) {
    if (value.length === 0) throw new ConfigError(`${field} is empty (0 bytes).`, field);
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64');
    return { kind: 'inline', base64, mediaType: sniffMediaType(value.subarray(0, SNIFF_BYTES)) };
  }
  const text = value instanceof URL ? value.href : value;
  if (/^data:/i.test(text)) return fromDataUrl(text, field);
  if (SCHEME.test(text)) return fromUrl(text, field);
  return inline(fromBase64(text, field), undefined);
}

function fromUrl(text: string, field: string): MediaSource {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${field} is not a valid URL (${shown(text)}).`, field);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(
      `${field} is a ${url.protocol} URL; only http(s) URLs are fetched. Read the content ` +
        'yourself and pass its bytes (a Uint8Array), base64 text with mediaType, or a data: URL.',
      field,
    );
  }
  return { kind: 'url', url };
}

/** `data:[<media type>][;params][;base64],<data>` (RFC 2397). */
function fromDataUrl(text: string, field: string): MediaSource {
  const comma = text.indexOf(',');
  if (comma === -1) {
    throw new ConfigError(
      `${field} is a data: URL without a comma before its data (${shown(text)}).`,
      field,
    );
  }
  const header = text.slice(5, comma).split(';');
  const declared = header[0]?.trim().toLowerCase();
  const mediaType = declared === '' ? undefined : declared;
  const isBase64 = header.slice(1).some((parameter) => parameter.trim().toLowerCase() === 'base64');
  const data = text.slice(comma + 1);
  if (isBase64) return inline(fromBase64(data, field), mediaType);
  const bytes = percentDecoded(data);
  if (bytes.length === 0) throw new ConfigError(`${field} is an empty data: URL.`, field);
  return { kind: 'inline', base64: bytes.toString('base64'), mediaType };
}

/** Standard padded base64 for the text, which must be base64 (loosely written is fine). */
function fromBase64(text: string, field: string): string {
  if (text.length > 0 && CANONICAL_BASE64.test(text) && text.length % 4 === 0) return text;
  if (!LOOSE_BASE64.test(text) || text.trim() === '') {
    throw new ConfigError(
      `${field} is neither an http(s) URL, a data: URL nor base64 text (${shown(text)}). ` +
        'A file path? Read the file (fs.readFile) and pass its bytes, with mediaType.',
      field,
    );
  }
  // Decoding and encoding again gives one spelling for the same bytes (and so one cache key).
  return Buffer.from(text, 'base64').toString('base64');
}

function inline(base64: string, mediaType: string | undefined): MediaSource {
  return { kind: 'inline', base64, mediaType: mediaType ?? sniffBase64(base64) };
}

/** The media type the base64 content starts like, from its first bytes only. */
function sniffBase64(base64: string): string | undefined {
  // 16 base64 characters are 12 bytes: all that sniffing reads.
  return sniffMediaType(Buffer.from(base64.slice(0, 16), 'base64'));
}

/** A data URL's percent-encoded data as bytes (`%FF` is one byte, not a character). */
function percentDecoded(data: string): Buffer {
  const pieces = data
    .split(/(%[0-9a-f]{2})/i)
    .map((piece) =>
      /^%[0-9a-f]{2}$/i.test(piece)
        ? Buffer.of(parseInt(piece.slice(1), 16))
        : Buffer.from(piece, 'utf8'),
    );
  return Buffer.concat(pieces);
}

/** The start of a value for an error message: never a whole base64 blob. */
function shown(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * The file signatures we recognise, checked in order against the first bytes. Enough to name
 * the formats every vision or document API takes; anything else needs its `mediaType` given.
 */
const SIGNATURES: ReadonlyArray<{ mediaType: string; bytes: ReadonlyArray<number | undefined> }> = [
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  // GIF87a and GIF89a.
  { mediaType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, undefined, 0x61] },
  // RIFF....WEBP: bytes 4-7 are the chunk size.
  {
    mediaType: 'image/webp',
    bytes: [
      0x52,
      0x49,
      0x46,
      0x46,
      undefined,
      undefined,
      undefined,
      undefined,
      0x57,
      0x45,
      0x42,
      0x50,
    ],
  },
  // %PDF-
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** How many leading bytes `sniffMediaType` reads. */
export const SNIFF_BYTES = 12;

/** The media type the bytes start like (PNG, JPEG, GIF, WebP, PDF), or undefined. */
export function sniffMediaType(head: Uint8Array): string | undefined {
  for (const { mediaType, bytes } of SIGNATURES) {
    if (head.length < bytes.length) continue;
    if (bytes.every((byte, index) => byte === undefined || head[index] === byte)) return mediaType;
  }
  return undefined;
}

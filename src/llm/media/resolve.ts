import { ConfigError } from '../../errors.js';
import type { FilePart, ImagePart, Message, UserMessage } from '../../messages.js';
import type { ProviderName } from '../../types.js';
import { download, showUrl, type Downloaded, type DownloadOptions } from './download.js';
import { SNIFF_BYTES, sniffMediaType } from './sniff.js';
import { mediaSource, type MediaSource } from './source.js';
import {
  checkMediaType,
  supportFor,
  takesUrl,
  type MediaKind,
  type MediaKindSupport,
  type MediaSupport,
} from './support.js';

type MediaPart = ImagePart | FilePart;

/** One image or file part of the call, checked: where its data is and how it will travel. */
interface PlannedPart {
  /** e.g. `messages[1].content[0]`, in the caller's list. */
  field: string;
  kind: MediaKind;
  support: MediaKindSupport;
  source: MediaSource;
  /** The part's own `mediaType`, lower case; undefined when not given. */
  declared: string | undefined;
  /** For a URL: sent as a URL (the provider fetches it) rather than downloaded. */
  passUrl: boolean;
  filename: string | undefined;
}

/**
 * A call's image and file parts, checked against what the provider takes before anything
 * happens: every refusal, bad value and unknown type is a ConfigError from here. What is left is
 * downloading the URLs the provider cannot take, once each.
 */
export interface MediaPlan {
  readonly provider: ProviderName;
  readonly parts: ReadonlyMap<MediaPart, PlannedPart>;
  /** URLs to download before the request, by href (one download however often a URL appears). */
  readonly downloads: ReadonlyMap<string, { url: URL; field: string }>;
}

/** Plan the media of a validated message list; undefined when it has no image or file part. */
export function planMedia(
  messages: readonly Message[],
  provider: ProviderName,
  support: MediaSupport | undefined,
): MediaPlan | undefined {
  let parts: Map<MediaPart, PlannedPart> | undefined;
  const downloads = new Map<string, { url: URL; field: string }>();
  messages.forEach((message, m) => {
    if (message.role !== 'user' || typeof message.content === 'string') return;
    message.content.forEach((part, p) => {
      if (part.type === 'text' || parts?.has(part)) return;
      const planned = planPart(part, `messages[${m}].content[${p}]`, provider, support);
      (parts ??= new Map()).set(part, planned);
      const { source } = planned;
      if (source.kind === 'url' && !planned.passUrl && !downloads.has(source.url.href)) {
        downloads.set(source.url.href, { url: source.url, field: planned.field });
      }
    });
  });
  return parts === undefined ? undefined : { provider, parts, downloads };
}

function planPart(
  part: MediaPart,
  field: string,
  provider: ProviderName,
  support: MediaSupport | undefined,
): PlannedPart {
  checkOptionalString(part.mediaType, `${field}.mediaType`);
  if (part.type === 'file') checkOptionalString(part.filename, `${field}.filename`);
  const declared = part.mediaType?.trim().toLowerCase() || undefined;
  if (part.type === 'image' && declared !== undefined && !declared.startsWith('image/')) {
    throw new ConfigError(
      `${field}.mediaType is ${JSON.stringify(declared)}, which is not an image type: send it as ` +
        `a file part ({ type: 'file', data, mediaType: '${declared}' }).`,
      `${field}.mediaType`,
    );
  }
  const kind: MediaKind =
    part.type === 'image' || declared?.startsWith('image/') ? 'images' : 'files';
  const entry = supportFor(provider, support, kind, field, declared);
  const data = part.type === 'image' ? part.image : part.data;
  const source = mediaSource(data, `${field}.${part.type === 'image' ? 'image' : 'data'}`);
  const planned: PlannedPart = {
    field,
    kind,
    support: entry,
    source,
    declared,
    passUrl: source.kind === 'url' && takesUrl(entry, source.url),
    filename: part.type === 'file' ? part.filename : undefined,
  };
  if (source.kind === 'inline') {
    knownType(planned, provider, declared ?? source.mediaType, 'its content');
  } else if (declared !== undefined) {
    checkMediaType(provider, entry, kind, field, declared);
  }
  return planned;
}

function checkOptionalString(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new ConfigError(`${field} must be a string when present.`, field);
  }
}

/**
 * The media type to send: known (given, or sniffed, or for a download the server's), an image
 * type for an image, and one the protocol can carry; else a ConfigError naming the part.
 */
function knownType(
  planned: PlannedPart,
  provider: ProviderName,
  mediaType: string | undefined,
  what: string,
): string {
  const { field, kind } = planned;
  if (mediaType === undefined) {
    throw new ConfigError(
      `${field}: the media type of ${what} is unknown (not PNG, JPEG, GIF, WebP or PDF by its ` +
        "first bytes): pass mediaType, e.g. { mediaType: 'image/png' }.",
      `${field}.mediaType`,
    );
  }
  if (kind === 'images' && !mediaType.startsWith('image/')) {
    throw new ConfigError(
      `${field} is an image part, but ${what} is ${mediaType}: send it as a file part with ` +
        `mediaType '${mediaType}'.`,
      field,
    );
  }
  checkMediaType(provider, planned.support, kind, field, mediaType);
  return mediaType;
}

/**
 * Download every URL of the plan the provider cannot take, concurrently, once each; the first
 * failure stops the others.
 */
export async function downloadMedia(
  plan: MediaPlan,
  options: DownloadOptions,
): Promise<ReadonlyMap<string, Downloaded>> {
  const downloaded = new Map<string, Downloaded>();
  if (plan.downloads.size === 0) return downloaded;
  const stop = new AbortController();
  const { signal } = options;
  const onAbort = (): void => stop.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      [...plan.downloads].map(async ([href, { url, field }]) => {
        try {
          downloaded.set(href, await download(url, field, { ...options, signal: stop.signal }));
        } catch (error) {
          stop.abort(error);
          throw error;
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return downloaded;
}

/**
 * The messages with each planned part resolved as providers receive it (see `ProviderCall`):
 * an image or file whose data is a `URL` the provider takes as is, or base64 text with its
 * media type. A file part with an image type becomes an image part. Other messages and parts
 * are the caller's objects, untouched.
 */
export function resolvedMessages(
  messages: readonly Message[],
  plan: MediaPlan,
  downloaded: ReadonlyMap<string, Downloaded>,
): Message[] {
  return messages.map((message) => {
    if (message.role !== 'user' || typeof message.content === 'string') return message;
    if (!message.content.some((part) => plan.parts.has(part as MediaPart))) return message;
    const content: UserMessage['content'] = message.content.map((part) => {
      const planned = plan.parts.get(part as MediaPart);
      return planned === undefined ? part : resolvedPart(planned, plan.provider, downloaded);
    });
    return { role: 'user', content };
  });
}

function resolvedPart(
  planned: PlannedPart,
  provider: ProviderName,
  downloaded: ReadonlyMap<string, Downloaded>,
): ImagePart | FilePart {
  const { source, declared } = planned;
  let data: URL | string;
  let mediaType: string | undefined;
  if (source.kind === 'inline') {
    data = source.base64;
    mediaType = declared ?? source.mediaType;
  } else if (planned.passUrl) {
    data = source.url;
    mediaType = declared;
  } else {
    const body = downloaded.get(source.url.href);
    if (body === undefined)
      throw new Error(`${planned.field}: ${source.url.href} was not downloaded`);
    const served = body.contentType === 'application/octet-stream' ? undefined : body.contentType;
    mediaType = knownType(
      planned,
      provider,
      declared ?? sniffMediaType(body.bytes.subarray(0, SNIFF_BYTES)) ?? served,
      `the content of ${showUrl(source.url)}`,
    );
    data = Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.length).toString(
      'base64',
    );
  }
  if (planned.kind === 'images') {
    return mediaType === undefined
      ? { type: 'image', image: data }
      : { type: 'image', image: data, mediaType };
  }
  const file: FilePart = { type: 'file', data, mediaType: mediaType ?? '' };
  if (planned.filename !== undefined) file.filename = planned.filename;
  return file;
}

import { ConfigError } from './errors.js';

/** What printed and serialised forms show in place of a secret. */
export const REDACTED = '[redacted]';

/**
 * Refuse an API key that cannot travel in an HTTP header as it is. The usual cause is a key
 * read from a file (its final newline) or from an env file written on Windows (its CR):
 * fetch would throw an error that quotes the whole key. The message says what and where,
 * never the key. `source` names where it came from: `apiKey` or an env var.
 */
export function checkApiKey(key: string, source: string): string {
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw new ConfigError(
      `${source} ${problem}, so it cannot be sent in an HTTP header. Keys have no spaces or ` +
        `control characters: a key read from a file or an env file often keeps its line end, ` +
        `so trim it (key.trim()).`,
      source,
    );
  }
  return key;
}

/**
 * Refuse extra headers that fetch would reject: a name that is not an HTTP token, or a value
 * with NUL, CR, LF or a character beyond Latin-1. Values often carry credentials
 * (`cf-aig-authorization`, `x-api-key`), so the message names the header, never its value.
 */
export function checkHeader(name: string, value: string): void {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new ConfigError(
      `headers has an invalid header name ${JSON.stringify(name)}: use letters, digits and - only.`,
      `headers.${name}`,
    );
  }
  const bad = findCharacter(
    value,
    (code) => code === 0 || code === 10 || code === 13 || code > 255,
  );
  if (bad !== undefined) {
    throw new ConfigError(
      `headers['${name}'] contains ${bad}, which an HTTP header value cannot carry. Remove it ` +
        '(a value read from a file often keeps its line end).',
      `headers.${name}`,
    );
  }
}

function keyProblem(key: string): string | undefined {
  const bad = findCharacter(key, (code) => code < 32 || code === 127 || code > 255);
  if (bad !== undefined) return `contains ${bad}`;
  // fetch trims a header value, so the server would get a different key than the one given.
  if (/^\s/.test(key)) return 'starts with whitespace';
  if (/\s$/.test(key)) return 'ends with whitespace';
  return undefined;
}

/** The first character that fails, described with its position (never the text around it). */
function findCharacter(text: string, isBad: (code: number) => boolean): string | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isBad(code)) return `${describeCharacter(code)} at position ${index + 1} of ${text.length}`;
  }
  return undefined;
}

function describeCharacter(code: number): string {
  if (code === 10) return 'a line feed (\\n)';
  if (code === 13) return 'a carriage return (\\r)';
  if (code === 0) return 'a NUL character';
  if (code === 9) return 'a tab';
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return code > 255 ? `a character beyond Latin-1 (U+${hex})` : `a control character (U+${hex})`;
}

/**
 * The strings to scrub from error messages: the API key, and the value of every extra header
 * (with and without its `Bearer` / `Basic` scheme), since those carry gateway credentials and
 * the Basic credentials of a baseUrl's `user:password@`.
 */
export function secretsToScrub(
  apiKey: string,
  headers: Readonly<Record<string, string>>,
): readonly string[] {
  const secrets = apiKey ? [apiKey] : [];
  for (const value of Object.values(headers)) {
    secrets.push(value);
    const credentials = /^(bearer|basic)\s+(\S+)$/i.exec(value)?.[2];
    if (credentials) secrets.push(credentials);
  }
  return Object.freeze(secrets);
}

/**
 * A URL for messages: whatever stands before the last `@` of its authority (`user:password`)
 * is replaced, also in a string that is not a valid URL.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, `$1${REDACTED}@`);
}

/**
 * Split `user:password@` off a URL: fetch refuses URLs that carry credentials, so they are
 * sent the way curl and browsers send them, as `Authorization: Basic`. The URL comes back
 * without them, exactly as written otherwise.
 */
export function splitUrlCredentials(url: string): { url: string; authorization?: string } {
  const { username, password } = new URL(url);
  if (username === '' && password === '') return { url };
  const credentials = `${decodeUserinfo(username)}:${decodeUserinfo(password)}`;
  return {
    url: url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1'),
    authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`,
  };
}

/** URL user names and passwords are percent-encoded; a stray `%` is taken as it is. */
function decodeUserinfo(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

import { createHash, createHmac } from 'node:crypto';
import type { RecordedRequest } from './replay-server.js';

/**
 * An independent SigV4 implementation (node:crypto only), used to check what the library's
 * signer produced. It follows the AWS spec directly: for every service but S3 each path
 * segment is URI-encoded once more, so `%3A` in the sent path is `%253A` in the canonical URI.
 */
export interface SigV4Input {
  method: string;
  /** The path as sent (already percent-encoded), without the query. */
  path: string;
  /** Lower-case header names to sign, with their values. */
  signedHeaders: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  /** YYYYMMDDTHHMMSSZ */
  amzDate: string;
}

export interface SigV4Result {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function sigV4(input: SigV4Input): SigV4Result {
  const canonicalUri = input.path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
  const names = Object.keys(input.signedHeaders).sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${(input.signedHeaders[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const signedHeaderList = names.join(';');
  const canonicalRequest = [
    input.method,
    canonicalUri,
    '',
    canonicalHeaders,
    signedHeaderList,
    sha256Hex(input.body),
  ].join('\n');
  const date = input.amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', input.amzDate, scope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, date), input.region), input.service),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaderList}, Signature=${signature}`,
  };
}

/** The parts of a SigV4 Authorization header. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(header: string): ParsedAuthorization {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  if (!match) throw new Error(`Not a SigV4 Authorization header: ${header}`);
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

/**
 * Recompute the signature of a request the replay server received, from the bytes it got
 * (method, path, the signed headers' values, body), and return both for comparison.
 */
export function verifyReceivedSignature(
  request: RecordedRequest,
  secretAccessKey: string,
): { parsed: ParsedAuthorization; expected: string; received: string } {
  const received = String(request.headers.authorization ?? '');
  const parsed = parseAuthorization(received);
  const signedHeaders: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw new Error(`Signed header ${name} was not sent`);
    signedHeaders[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const expected = sigV4({
    method: request.method,
    path: request.url.split('?')[0] ?? '',
    signedHeaders,
    body: request.body,
    accessKeyId: parsed.accessKeyId,
    secretAccessKey,
    region: parsed.region,
    service: parsed.service,
    amzDate: String(request.headers['x-amz-date']),
  }).authorization;
  return { parsed, expected, received };
}

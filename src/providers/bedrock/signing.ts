import type { BedrockCredentials } from './credentials.js';
import { importOptionalPackage, onceLoaded } from './optional-packages.js';

/** Bedrock's SigV4 signing name: 'bedrock', not the host's 'bedrock-runtime'. */
export const BEDROCK_SIGNING_SERVICE = 'bedrock';

const loadAws4fetch = onceLoaded(() =>
  importOptionalPackage('aws4fetch', () => import('aws4fetch')),
);

export interface SigningInput {
  url: string;
  /** The exact body that will be sent: the payload hash covers these bytes. */
  body: string;
  /** Headers to send; aws4fetch signs what it may (never content-type) and keeps the rest. */
  headers: Record<string, string>;
  region: string;
  credentials: BedrockCredentials;
  /** `YYYYMMDDTHHMMSSZ`; only tests pin it, to compare against fixed vectors. */
  datetime?: string;
}

/**
 * SigV4-sign one POST with aws4fetch and return every header to send (the given ones plus
 * x-amz-date, x-amz-security-token for temporary credentials, and authorization). The region
 * and service are passed explicitly so nothing is guessed from the host: `baseUrl` may be a
 * proxy whose name says nothing about AWS.
 */
export async function signBedrockRequest(input: SigningInput): Promise<Record<string, string>> {
  const { AwsV4Signer } = await loadAws4fetch();
  const signer = new AwsV4Signer({
    method: 'POST',
    url: input.url,
    headers: input.headers,
    body: input.body,
    accessKeyId: input.credentials.accessKeyId,
    secretAccessKey: input.credentials.secretAccessKey,
    sessionToken: input.credentials.sessionToken,
    service: BEDROCK_SIGNING_SERVICE,
    region: input.region,
    datetime: input.datetime,
  });
  const signed = await signer.sign();
  const headers: Record<string, string> = {};
  signed.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

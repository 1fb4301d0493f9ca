import { AuthenticationError, ConfigError } from '../../errors.js';
import { checkApiKey } from '../../secrets.js';

/**
 * AWS access keys; `sessionToken` is set for temporary (STS, SSO, role) credentials.
 *
 * @category Providers
 */
export interface BedrockCredentials {
  /** AWS access key id (AKIA... or ASIA...). */
  accessKeyId: string;
  /** AWS secret access key; never appears in an error message. */
  secretAccessKey: string;
  /** Session token of temporary credentials. */
  sessionToken?: string | undefined;
}

/**
 * Bedrock settings, the second constructor argument of `BedrockLLM`. Each falls back to the
 * usual AWS env vars: AWS_REGION (then AWS_DEFAULT_REGION), AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN. A Bedrock API key goes in `apiKey` (or env
 * AWS_BEARER_TOKEN_BEDROCK) instead of credentials.
 *
 * @category Providers
 */
export interface BedrockOptions {
  /** e.g. 'us-east-1'. Never taken from `baseUrl`, so `baseUrl` can point at any proxy. */
  region?: string;
  /** Fixed credentials. */
  credentials?: BedrockCredentials;
  /**
   * Called before every request, for credentials that expire (STS, SSO, instance roles).
   * It should cache and refresh on its own, as the AWS SDK's providers do.
   */
  credentialProvider?: () => Promise<BedrockCredentials>;
}

/** How requests are authorised. */
export type BedrockAuth =
  | { kind: 'bearer'; token: string }
  /** `apiKey: ''`: no auth header and no signature (a gateway that adds its own). */
  | { kind: 'none' }
  | { kind: 'sigv4'; credentials: BedrockCredentials }
  | { kind: 'sigv4-provider'; provider: () => Promise<BedrockCredentials> };

/**
 * Who takes the Bedrock options and where, for error messages: `BedrockLLM`'s second argument,
 * or `createEmbeddings`'s `providerOptions`.
 */
export interface BedrockOptionsPlace {
  owner: string;
  options: string;
}

const LLM_PLACE: BedrockOptionsPlace = { owner: 'BedrockLLM', options: 'the second argument' };

const credentialEnvHint = (place: BedrockOptionsPlace): string =>
  'pass { credentials: { accessKeyId, secretAccessKey, sessionToken? } } or { credentialProvider } ' +
  `as ${place.options}, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN ` +
  'for temporary credentials), or use a Bedrock API key (apiKey or AWS_BEARER_TOKEN_BEDROCK)';

/**
 * Pick the auth mode. What the caller passed wins over the environment: an explicit `apiKey`,
 * or `credentials` / `credentialProvider` (never two of them), then AWS_BEARER_TOKEN_BEDROCK,
 * then the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY pair.
 */
export function resolveAuth(
  apiKey: string | undefined,
  options: BedrockOptions,
  place: BedrockOptionsPlace = LLM_PLACE,
): BedrockAuth {
  const { credentials, credentialProvider } = options;
  if (apiKey !== undefined && (credentials !== undefined || credentialProvider !== undefined)) {
    // A bearer key and a SigV4 signature are different identities with different IAM rights:
    // silently picking one would hide which one the calls run as.
    throw new ConfigError(
      `${place.owner} got both apiKey (${apiKey === '' ? "'', no auth" : 'a Bedrock API key'}) and ` +
        `${credentials !== undefined ? 'credentials' : 'credentialProvider'} (SigV4). Pass one: ` +
        'drop apiKey to sign with the AWS credentials, or drop the credentials to use the API key.',
      'apiKey',
    );
  }
  if (apiKey !== undefined)
    return apiKey === '' ? { kind: 'none' } : { kind: 'bearer', token: apiKey };
  if (credentials !== undefined && credentialProvider !== undefined) {
    throw new ConfigError(
      `${place.owner} takes credentials or credentialProvider, not both.`,
      'credentials',
    );
  }
  if (credentials !== undefined) {
    return { kind: 'sigv4', credentials: checkCredentials(credentials, 'credentials') };
  }
  if (credentialProvider !== undefined) {
    if (typeof credentialProvider !== 'function') {
      throw new ConfigError(
        'credentialProvider must be a function returning a Promise of { accessKeyId, secretAccessKey, sessionToken? }.',
        'credentialProvider',
      );
    }
    return { kind: 'sigv4-provider', provider: credentialProvider };
  }
  const bearer = envSecret('AWS_BEARER_TOKEN_BEDROCK');
  if (bearer !== undefined) return { kind: 'bearer', token: bearer };
  const accessKeyId = envSecret('AWS_ACCESS_KEY_ID');
  const secretAccessKey = envSecret('AWS_SECRET_ACCESS_KEY');
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    return {
      kind: 'sigv4',
      credentials: { accessKeyId, secretAccessKey, sessionToken: envSecret('AWS_SESSION_TOKEN') },
    };
  }
  throw new ConfigError(
    `No AWS credentials for Bedrock: ${credentialEnvHint(place)}.`,
    'credentials',
  );
}

/** The region from the options, else AWS_REGION, else AWS_DEFAULT_REGION. */
export function resolveRegion(options: BedrockOptions): string | undefined {
  const region = options.region ?? envValue('AWS_REGION') ?? envValue('AWS_DEFAULT_REGION');
  // The region becomes part of a host name, so only region-shaped strings are accepted.
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) {
    throw new ConfigError(
      `region must be an AWS region such as 'us-east-1' (got ${JSON.stringify(region)}).`,
      'region',
    );
  }
  return region;
}

export function missingRegionError(place: BedrockOptionsPlace = LLM_PLACE): ConfigError {
  return new ConfigError(
    `${place.owner} needs an AWS region: pass { region: 'us-east-1' } as ${place.options}, ` +
      'or set AWS_REGION (or AWS_DEFAULT_REGION). It is never read from baseUrl.',
    'region',
  );
}

/** Ask the caller's credential provider; its failure is an authentication failure, typed. */
export async function provideCredentials(
  provider: () => Promise<BedrockCredentials>,
): Promise<BedrockCredentials> {
  let provided: unknown;
  try {
    provided = await provider();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AuthenticationError(
      `The Bedrock credentialProvider failed (${detail}). Check the AWS credential chain ` +
        '(SSO session, assumed role, instance profile) it reads from.',
      { provider: 'bedrock', retryable: false, cause: error },
    );
  }
  return checkCredentials(provided, 'credentialProvider');
}

function checkCredentials(value: unknown, field: string): BedrockCredentials {
  const record =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const { accessKeyId, secretAccessKey, sessionToken } = record;
  if (
    typeof accessKeyId !== 'string' ||
    accessKeyId === '' ||
    typeof secretAccessKey !== 'string' ||
    secretAccessKey === '' ||
    (sessionToken !== undefined && typeof sessionToken !== 'string')
  ) {
    throw new ConfigError(
      `${field} must give { accessKeyId, secretAccessKey, sessionToken? } as non-empty strings.`,
      field,
    );
  }
  // They go into signed headers (the session token as it is), so the same rule as API keys.
  checkApiKey(accessKeyId, `${field}.accessKeyId`);
  checkApiKey(secretAccessKey, `${field}.secretAccessKey`);
  if (sessionToken) checkApiKey(sessionToken, `${field}.sessionToken`);
  return { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined };
}

/** An env var, with empty strings treated as unset (as the AWS SDKs do). */
function envValue(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A credential from an env var, refused (without quoting it) when a header cannot carry it. */
function envSecret(name: string): string | undefined {
  const value = envValue(name);
  return value === undefined ? undefined : checkApiKey(value, name);
}

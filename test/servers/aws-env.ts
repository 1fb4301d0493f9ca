import { vi } from 'vitest';

const AWS_ENV_VARS = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
];

/** Start a test from an environment without AWS settings, whatever the machine has. */
export function clearAwsEnv(): void {
  for (const name of AWS_ENV_VARS) vi.stubEnv(name, undefined);
}

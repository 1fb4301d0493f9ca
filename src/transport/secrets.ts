// Keeping secrets (API keys, AWS credentials) out of every error this library builds.

/** Replace every occurrence of a secret with `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short strings would redact ordinary words; real keys are long.
    if (secret.length >= 6) result = result.split(secret).join('[redacted]');
  }
  return result;
}

/**
 * `error` as a cause that is safe to keep: itself when no secret appears in its message or
 * its causes', else a plain Error with its name, code and scrubbed message (the original's
 * stack would repeat the secret). Runtime errors can quote what they refused: undici's
 * `Headers.append: "Bearer sk-..." is an invalid header value.`
 */
export function scrubbedCause(error: unknown, secrets: readonly string[]): unknown {
  if (typeof error === 'string') return scrubSecrets(error, secrets);
  if (!(error instanceof Error)) return error;
  const message = scrubSecrets(error.message, secrets);
  const cause = error.cause === undefined ? undefined : scrubbedCause(error.cause, secrets);
  if (message === error.message && cause === error.cause) return error;
  const copy = new Error(message, cause === undefined ? undefined : { cause });
  copy.name = error.name;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

import { ConfigError } from '../../errors.js';

/** The one command that installs everything Bedrock needs; named in the error when a piece is missing. */
export const BEDROCK_INSTALL_COMMAND = 'npm install aws4fetch @smithy/eventstream-codec';

/**
 * Import an optional peer dependency on first use. Bedrock's signer and codec (and the
 * `@smithy/*` tree behind the codec) are loaded only by Bedrock calls, so importing
 * `synapsekit` stays cheap for the other fourteen providers. A missing package becomes a
 * ConfigError that says how to install it; any other failure is rethrown as it is.
 */
export async function importOptionalPackage<T>(
  packageName: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isModuleNotFound(error, packageName)) throw error;
    throw new ConfigError(
      `BedrockLLM needs the optional package '${packageName}', which is not installed. ` +
        `Run: ${BEDROCK_INSTALL_COMMAND}`,
      'provider',
    );
  }
}

/** Memoise a successful import; a failed one is tried again next time (the user may install it). */
export function onceLoaded<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  // Bundlers and test runners word it their own way, but they name the package.
  return (
    /cannot find|failed to (load|resolve)/i.test(error.message) &&
    error.message.includes(packageName)
  );
}

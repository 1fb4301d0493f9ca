import { createRequire } from 'node:module';
import { ConfigError } from './errors.js';

/** An optional peer dependency, and the option that makes a config need it. */
export interface OptionalPackage {
  /** The package name, as `npm install` takes it. */
  name: string;
  /** The option whose value needs the package, e.g. "cacheBackend: 'sqlite'". */
  neededBy: string;
  /** The config field named by the ConfigError. */
  field: string;
  /** What to use instead when the package is not wanted, e.g. "cacheBackend: 'memory'". */
  alternative: string;
  /** Version advice for the install hint, e.g. "12.x on Node 20". */
  version?: string;
}

/** better-sqlite3, needed by `cacheBackend: 'sqlite'`. */
export const SQLITE_PACKAGE: OptionalPackage = {
  name: 'better-sqlite3',
  neededBy: "cacheBackend: 'sqlite'",
  field: 'cacheBackend',
  alternative: "cacheBackend: 'memory'",
  version: '12.x on Node 20',
};

/** ioredis, needed by the Redis cache and the Redis rate limiter. */
export const IOREDIS_FOR_CACHE: OptionalPackage = {
  name: 'ioredis',
  neededBy: "cacheBackend: 'redis'",
  field: 'cacheBackend',
  alternative: "cacheBackend: 'memory' or 'sqlite'",
};

/** ioredis, needed by `rateLimitBackend: 'redis'`. */
export const IOREDIS_FOR_RATE_LIMIT: OptionalPackage = {
  name: 'ioredis',
  neededBy: "rateLimitBackend: 'redis'",
  field: 'rateLimitBackend',
  alternative: "rateLimitBackend: 'memory'",
};

/** ioredis, needed by a budget with `backend: 'redis'`. */
export const IOREDIS_FOR_BUDGET: OptionalPackage = {
  name: 'ioredis',
  neededBy: "budget.backend: 'redis'",
  field: 'budget.backend',
  alternative: "budget.backend: 'memory'",
};

/** ioredis, needed by a router's `backend: 'redis'` (cooldowns shared by processes). */
export const IOREDIS_FOR_COOLDOWNS: OptionalPackage = {
  name: 'ioredis',
  neededBy: "createRouter({ backend: 'redis' })",
  field: 'backend',
  alternative: "backend: 'memory'",
};

// Resolves from where this file is installed, which is where the lazy import() looks too.
const resolveFromHere = createRequire(import.meta.url).resolve;

/**
 * Check at construction that an optional package can be found, without loading it: the
 * import itself stays lazy (first call), but a missing package is a setup mistake that should
 * surface when the config is built, not on the first request in production.
 *
 * @throws ConfigError naming the option that needs the package and the install command.
 */
export function requireInstalled(dependency: OptionalPackage): void {
  try {
    resolveFromHere(dependency.name);
  } catch (error) {
    throw missingPackageError(dependency, error);
  }
}

/** The ConfigError for a package that cannot be found or loaded; `cause` is the loader's error. */
export function missingPackageError(dependency: OptionalPackage, cause: unknown): ConfigError {
  const version = dependency.version ? ` (${dependency.version})` : '';
  const reason = cause instanceof Error ? ` (${cause.message.split('\n')[0]})` : '';
  return new ConfigError(
    `${dependency.neededBy} needs the optional package '${dependency.name}'${version}: ` +
      `run \`npm install ${dependency.name}\`, or use ${dependency.alternative}.${reason}`,
    dependency.field,
  );
}

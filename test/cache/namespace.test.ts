import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LLMConfig, type OpenAILLM } from '../../src/index.js';
import { configErrorOf } from '../servers/capture.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { cachedLLM, echo, tempDirectory } from './helpers.js';

/** Tenants of a multi-tenant app sharing one SQLite cache file, separated by cacheNamespace. */
describe('cacheNamespace', () => {
  const server = useReplayServer();
  let directory: ReturnType<typeof tempDirectory>;
  const open: OpenAILLM[] = [];
  const tenant = (cacheNamespace?: string): OpenAILLM => {
    const llm = cachedLLM(server(), {
      cacheBackend: 'sqlite',
      cachePath: join(directory.path, 'shared.db'),
      ...(cacheNamespace === undefined ? {} : { cacheNamespace }),
    });
    open.push(llm);
    return llm;
  };

  beforeEach(() => {
    server().always(echo);
    directory = tempDirectory();
  });
  afterEach(async () => {
    for (const llm of open.splice(0)) await llm.close();
    directory.remove();
  });

  it('separates entries in a shared store: same namespace hits, another one misses', async () => {
    await tenant('tenant-a').generate('What is our refund policy?');
    expect(server().requests).toHaveLength(1);

    const otherTenant = tenant('tenant-b');
    await otherTenant.generate('What is our refund policy?');
    expect(server().requests).toHaveLength(2);
    expect(otherTenant.cacheStats).toMatchObject({ hits: 0, misses: 1 });

    const sameTenant = tenant('tenant-a');
    await sameTenant.generate('What is our refund policy?');
    expect(server().requests).toHaveLength(2);
    expect(sameTenant.cacheStats).toMatchObject({ hits: 1, misses: 0 });

    const noNamespace = tenant();
    await noNamespace.generate('What is our refund policy?');
    expect(server().requests).toHaveLength(3);
  });

  it('must be a non-empty string', () => {
    for (const cacheNamespace of ['', 5, null]) {
      const error = configErrorOf(
        () => new LLMConfig({ model: 'm', cacheNamespace: cacheNamespace as string }),
      );
      expect(error.field).toBe('cacheNamespace');
    }
    expect(new LLMConfig({ model: 'm', cacheNamespace: 'tenant-a' }).cacheNamespace).toBe(
      'tenant-a',
    );
  });
});

import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ReplayServer } from './replay-server.js';

/**
 * One replay server for the enclosing `describe`: started before its tests, forgotten between
 * them (requests and queued answers), closed after. Call the returned function inside a test.
 */
export function useReplayServer(): () => ReplayServer {
  let server: ReplayServer | undefined;
  beforeAll(async () => {
    server = await ReplayServer.start();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => server?.reset());
  return () => {
    if (!server) throw new Error('useReplayServer(): the server is only available inside a test.');
    return server;
  };
}

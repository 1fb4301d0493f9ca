import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ReplayServer } from './replay-server.js';

/**
 * One replay server for the enclosing describe block, reset before each test. Returns a
 * getter, since the server only exists once `beforeAll` has run.
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
    if (!server) throw new Error('The replay server is not running yet (use it inside a test).');
    return server;
  };
}

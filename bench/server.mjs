// The mock provider as its own process, so its CPU time never counts against the client under
// test. Prints {"port":N} on stdout once listening on 127.0.0.1; exits when stdin closes.
import { createMockServer } from './lib/mock-server.mjs';

const server = createMockServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

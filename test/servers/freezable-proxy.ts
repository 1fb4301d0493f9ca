import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server (the test run's redis-server) that can freeze: while
 * frozen, connections stay open and accepted, but no byte goes through in either direction,
 * as with a Redis that hangs (a long script, a stuck disk, a dead peer without a reset).
 * Thawing delivers what was held back, in order.
 */
export class FreezableProxy {
  #frozen = false;
  readonly #held: Array<() => void> = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly server: Server,
    readonly url: string,
  ) {}

  /** Listen on a free loopback port and forward to `targetUrl` (e.g. redis://127.0.0.1:6379). */
  static async start(targetUrl: string): Promise<FreezableProxy> {
    const target = new URL(targetUrl);
    const holder: { proxy?: FreezableProxy } = {};
    const server = createServer((client) => holder.proxy?.forward(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    holder.proxy = new FreezableProxy(server, `${target.protocol}//127.0.0.1:${port}`);
    return holder.proxy;
  }

  freeze(): void {
    this.#frozen = true;
  }

  thaw(): void {
    this.#frozen = false;
    for (const send of this.#held.splice(0)) send();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket, target: URL): void {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const relay = (from: Socket, to: Socket): void => {
      from.on('data', (data: Buffer) => {
        const send = (): void => void to.write(data);
        if (this.#frozen) this.#held.push(send);
        else send();
      });
      from.on('close', () => to.destroy());
    };
    relay(client, upstream);
    relay(upstream, client);
  }
}

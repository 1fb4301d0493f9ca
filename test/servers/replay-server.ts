import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted HTTP answer. Bodies are sent exactly as given: these are the provider's bytes. */
export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** The body; an array is sent one element per write, so the client sees separate chunks. */
  body?: string | Uint8Array | Array<string | Uint8Array>;
  /** Re-split the whole body at random byte offsets (seeded), inside UTF-8 characters too. */
  splitSeed?: number;
  /** Milliseconds to wait before sending headers. */
  headerDelayMs?: number;
  /** Milliseconds between body writes. */
  gapMs?: number;
  /** After the body, destroy the socket instead of ending the response (a cut stream). */
  cut?: boolean;
  /** After the body (or headers, when there is none), send nothing more and never end. */
  hang?: boolean;
}

/** What the server received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

type Responder = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);

/**
 * A loopback HTTP server that answers with scripted provider bytes, records every request,
 * and notices when a client closes its connection early.
 */
export class ReplayServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose client went away before the response ended. */
  closedEarly = 0;
  readonly #queue: Responder[] = [];
  #fallback: Responder | undefined;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #unreferenced = false;

  private constructor(server: Server) {
    this.#server = server;
    server.on('connection', (socket) => {
      if (this.#unreferenced) socket.unref();
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(): Promise<ReplayServer> {
    const holder: { instance?: ReplayServer } = {};
    const server = createServer((req, res) => {
      void holder.instance?.handle(req, res);
    });
    const instance = new ReplayServer(server);
    holder.instance = instance;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Answers for the next requests, in order. */
  enqueue(...responses: Responder[]): this {
    this.#queue.push(...responses);
    return this;
  }

  /** The answer once the queue is empty (default: a 599 that says the test forgot one). */
  always(response: Responder): this {
    this.#fallback = response;
    return this;
  }

  /** Let the process exit while the server listens (the examples' stand-in for a provider). */
  unref(): this {
    this.#unreferenced = true;
    this.#server.unref();
    for (const socket of this.#sockets) socket.unref();
    return this;
  }

  /** Forget requests and queued answers between tests. */
  reset(): void {
    this.requests.length = 0;
    this.#queue.length = 0;
    this.#fallback = undefined;
    this.closedEarly = 0;
  }

  get lastRequest(): RecordedRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('The replay server has received no request.');
    return last;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
      json: parseJson(body),
    };
    this.requests.push(recorded);
    let finished = false;
    res.on('close', () => {
      if (!finished) this.closedEarly++;
    });

    const responder = this.#queue.shift() ?? this.#fallback;
    const script: ScriptedResponse =
      typeof responder === 'function'
        ? responder(recorded)
        : (responder ?? {
            status: 599,
            body: '{"error":{"message":"replay server: no scripted response"}}',
          });

    if (script.headerDelayMs) await delay(script.headerDelayMs);
    if (res.destroyed) return;
    res.writeHead(script.status ?? 200, script.headers ?? {});
    res.flushHeaders();
    for (const piece of bodyPieces(script)) {
      if (res.destroyed) return;
      if (script.gapMs) await delay(script.gapMs);
      res.write(piece);
    }
    if (script.hang) return;
    if (script.cut) {
      // Give the written bytes a moment to leave, then drop the connection without the final chunk.
      await delay(10);
      res.socket?.destroy();
      return;
    }
    finished = true;
    res.end();
  }
}

function bodyPieces(script: ScriptedResponse): Uint8Array[] {
  const { body } = script;
  if (body === undefined) return [];
  const pieces = (Array.isArray(body) ? body : [body]).map((piece) =>
    typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece,
  );
  if (script.splitSeed === undefined) return pieces;
  return splitAtRandom(Buffer.concat(pieces), script.splitSeed);
}

/** Split bytes at seeded random offsets (1 to 40 bytes apart), ignoring character boundaries. */
export function splitAtRandom(bytes: Uint8Array, seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  const pieces: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(random() * 40);
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

/** mulberry32: a tiny deterministic generator, so a failing split can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

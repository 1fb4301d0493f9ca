import net from 'node:net';
import { TokenBucket } from './token-bucket.mjs';
import {
  anthropicEvents,
  jsonResponse,
  openAIEvents,
  openAIToolEvents,
  sseResponse,
} from './wire.mjs';

// A deliberately small HTTP/1.1 server on a raw socket: it parses only what the clients send
// (request line, headers, a content-length or chunked body), and answers from prebuilt buffers
// with one write, so the server side costs next to nothing per chunk.
//
// Routes: the first path segment configures the response, the rest picks the protocol:
//   POST /c<count>-s<size>[-t][-rl<rpm>-b<bucket>]/v1/chat/completions   OpenAI SSE
//        (-t: a tool call whose arguments stream in <count> fragments of <size> characters)
//   POST /c<count>-s<size>[-rl<rpm>-b<bucket>]/v1/messages           Anthropic SSE
//   GET  /stats                                                       counters as JSON
// `rl<rpm>` enforces a token bucket (one per `b<bucket>` id) and answers 429 + retry-after beyond it;
// its answers, 200 and 429, carry the provider's rate-limit headers (`x-ratelimit-*` for OpenAI,
// `anthropic-ratelimit-*` for Anthropic), as the real APIs send them.

const SPEC = /^\/c(\d+)-s(\d+)(-t)?(?:-rl(\d+)-b([\w]+))?(\/.*)$/;

export function createMockServer() {
  const responses = new Map();
  const buckets = new Map();
  const counters = { requests: 0, bytesOut: 0, connections: 0 };

  function sseFor(protocol, count, size, includeUsage, toolCall) {
    const key = `${protocol}:${count}:${size}:${includeUsage}:${toolCall}`;
    let response = responses.get(key);
    if (!response) {
      const openai = toolCall ? openAIToolEvents : openAIEvents;
      response =
        protocol === 'openai'
          ? sseResponse(openai(count, size, includeUsage), 'x-request-id: req_bench\r\n')
          : sseResponse(anthropicEvents(count, size), 'request-id: req_bench\r\n');
      responses.set(key, response);
    }
    return response;
  }

  function rateLimited(protocol, waitMs, limitHeaders) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const headers = `retry-after: ${seconds}\r\n${limitHeaders}`;
    return protocol === 'openai'
      ? jsonResponse(
          429,
          'Too Many Requests',
          {
            error: {
              message: 'Rate limit reached for requests per min (RPM). Please try again later.',
              type: 'requests',
              param: null,
              code: 'rate_limit_exceeded',
            },
          },
          headers,
        )
      : jsonResponse(
          429,
          'Too Many Requests',
          {
            type: 'error',
            error: {
              type: 'rate_limit_error',
              message: 'Number of requests has exceeded your rate limit.',
            },
          },
          headers + 'request-id: req_bench\r\n',
        );
  }

  function answer(method, path, body) {
    if (method === 'GET' && path === '/stats') {
      const byBucket = {};
      for (const [id, bucket] of buckets) byBucket[id] = bucket.stats();
      return jsonResponse(200, 'OK', { ...counters, buckets: byBucket });
    }
    const match = SPEC.exec(path);
    const protocol = match?.[6].endsWith('/chat/completions')
      ? 'openai'
      : match?.[6].endsWith('/messages')
        ? 'anthropic'
        : undefined;
    if (method !== 'POST' || !match || !protocol) {
      return jsonResponse(404, 'Not Found', {
        error: { message: `No mock route ${method} ${path}` },
      });
    }
    const [, count, size, toolCall, rpm, bucketId] = match;
    let limitHeaders;
    if (rpm !== undefined) {
      let bucket = buckets.get(bucketId);
      if (!bucket) {
        bucket = new TokenBucket(Number(rpm));
        buckets.set(bucketId, bucket);
      }
      const waitMs = bucket.take();
      limitHeaders = bucket.headers(protocol);
      if (waitMs !== undefined) return rateLimited(protocol, waitMs, limitHeaders);
    }
    // OpenAI streams usage only when asked; a substring test is enough for our own clients' bodies.
    const includeUsage = protocol === 'openai' && /"include_usage"\s*:\s*true/.test(body);
    const response = sseFor(
      protocol,
      Number(count),
      Number(size),
      includeUsage,
      toolCall !== undefined,
    );
    return limitHeaders === undefined ? response : withHeaders(response, limitHeaders);
  }

  const server = net.createServer({ noDelay: true }, (socket) => {
    counters.connections++;
    let buffer = Buffer.alloc(0);
    let head;
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      buffer = buffer.length === 0 ? data : Buffer.concat([buffer, data]);
      while (true) {
        if (!head) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end === -1) return;
          head = parseHead(buffer.toString('latin1', 0, end));
          buffer = buffer.subarray(end + 4);
          if (head.expectContinue) socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        }
        const taken = head.chunked ? takeChunked(buffer) : takeLength(buffer, head.length);
        if (!taken) return;
        buffer = taken.rest;
        const response = answer(head.method, head.path, taken.body);
        counters.requests++;
        counters.bytesOut += response.length;
        socket.write(response);
        if (head.close) socket.end();
        head = undefined;
      }
    });
  });
  return server;
}

/** A prebuilt response with header lines added after its status line. */
function withHeaders(response, headerLines) {
  const statusEnd = response.indexOf('\r\n') + 2;
  return Buffer.concat([
    response.subarray(0, statusEnd),
    Buffer.from(headerLines, 'latin1'),
    response.subarray(statusEnd),
  ]);
}

function parseHead(text) {
  const lines = text.split('\r\n');
  const [method, path] = lines[0].split(' ');
  const head = { method, path, length: 0, chunked: false, close: false, expectContinue: false };
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i]
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') head.length = Number(value);
    else if (name === 'transfer-encoding') head.chunked = value.includes('chunked');
    else if (name === 'connection') head.close = value === 'close';
    else if (name === 'expect') head.expectContinue = value === '100-continue';
  }
  return head;
}

function takeLength(buffer, length) {
  if (buffer.length < length) return undefined;
  return { body: buffer.toString('utf8', 0, length), rest: buffer.subarray(length) };
}

/** A chunked request body, once it has fully arrived (undefined until then). */
function takeChunked(buffer) {
  const parts = [];
  let offset = 0;
  while (true) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd === -1) return undefined;
    const size = parseInt(buffer.toString('latin1', offset, lineEnd), 16);
    const start = lineEnd + 2;
    if (size === 0) {
      const end = buffer.indexOf('\r\n', start);
      if (end === -1) return undefined;
      return { body: Buffer.concat(parts).toString('utf8'), rest: buffer.subarray(end + 2) };
    }
    if (buffer.length < start + size + 2) return undefined;
    parts.push(buffer.subarray(start, start + size));
    offset = start + size + 2;
  }
}

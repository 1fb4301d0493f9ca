import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, type Logger } from '../../src/index.js';
import { urlForLogs } from '../../src/log/call-log.js';
import { resolveLogger } from '../../src/log/logger.js';
import {
  openAIAgainst,
  openAIChunks,
  openAIError,
  openAISse,
  SSE_HEADERS,
} from '../servers/openai-chat.js';
import type { ScriptedResponse } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const API_KEY = 'sk-debug-log-secret-5678';

const answer = (pieces: string[]): ScriptedResponse => ({
  headers: SSE_HEADERS,
  body: openAISse(
    openAIChunks(pieces, {
      usage: { prompt_tokens: 9, completion_tokens: 2 },
      usageIn: 'finish-chunk',
    }),
  ),
});

/** A logger that keeps every line by level. */
function recordingLogger(): Logger & { lines: Record<keyof Logger, string[]> } {
  const lines: Record<keyof Logger, string[]> = { debug: [], info: [], warn: [], error: [] };
  return {
    lines,
    debug: (line) => lines.debug.push(line),
    info: (line) => lines.info.push(line),
    warn: (line) => lines.warn.push(line),
    error: (line) => lines.error.push(line),
  };
}

describe('the debug log', () => {
  const server = useReplayServer();
  afterEach(() => vi.restoreAllMocks());

  it('one line per request and per response (status, ms, tokens), URLs without secrets', async () => {
    server().enqueue(answer(['Hi']));
    const logger = recordingLogger();
    await openAIAgainst(server(), { apiKey: API_KEY, logger }).generate('hello');
    expect(logger.lines.debug).toHaveLength(2);
    const [request, response] = logger.lines.debug;
    expect(request).toBe(
      `synapsekit: request openai POST ${server().url}/v1/chat/completions (model gpt-4o-mini, attempt 1)`,
    );
    expect(response).toMatch(
      /^synapsekit: response openai 200 in \d+ ms \(attempt 1\): 9 input \+ 2 output tokens$/,
    );
  });

  it('a retry: the failed response, then a line with the delay and why, then the next request', async () => {
    server().enqueue(openAIError(503, 'overloaded'), answer(['ok']));
    const logger = recordingLogger();
    await openAIAgainst(server(), {
      apiKey: API_KEY,
      logger,
      maxRetries: 1,
      retryDelay: 0.001,
    }).generate('hello');
    const lines = logger.lines.debug;
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^synapsekit: response openai 503 in \d+ ms \(attempt 1\): ProviderError: /,
    );
    expect(lines[1]).toContain('overloaded');
    expect(lines[2]).toMatch(
      /^synapsekit: retry openai gpt-4o-mini: attempt 2 in \d+ ms, after ProviderError: .*overloaded/,
    );
    expect(lines[3]).toContain('(model gpt-4o-mini, attempt 2)');
    expect(lines[4]).toMatch(/^synapsekit: response openai 200 .*\(attempt 2\)/);
  });

  it('a cache hit is one line and sends nothing', async () => {
    server().enqueue(answer(['Paris']));
    const logger = recordingLogger();
    const llm = openAIAgainst(server(), { apiKey: API_KEY, logger, cache: true });
    await llm.generate('capital?');
    logger.lines.debug.length = 0;
    await llm.generate('capital?');
    expect(logger.lines.debug).toEqual([
      'synapsekit: cache hit for openai gpt-4o-mini: answered without a request',
    ]);
    expect(server().requests).toHaveLength(1);
  });

  it('a rate-limit wait is one line with the milliseconds waited', async () => {
    server().always(answer(['ok']));
    const logger = recordingLogger();
    // 120 a minute: a bucket of two, then one every 500 ms.
    const llm = openAIAgainst(server(), {
      apiKey: `${API_KEY}-rate-limited`,
      logger,
      requestsPerMinute: 120,
    });
    for (let call = 0; call < 3; call++) await llm.generate(`call ${call}`);
    const waits = logger.lines.debug.filter((line) => line.includes('rate-limit wait'));
    expect(waits.length).toBeGreaterThanOrEqual(1);
    const waited = waits.map((line) =>
      Number(/^synapsekit: rate-limit wait (\d+) ms before openai gpt-4o-mini$/.exec(line)?.[1]),
    );
    // The third call waits for a refill: about half a second.
    const ms = Math.max(...waited);
    expect(ms).toBeGreaterThan(100);
  });

  it('a streamed call with the debug log: a caller that stops reading closes the request', async () => {
    server().enqueue({ ...answer(['first ', 'second ', 'third']), gapMs: 100 });
    const logger = recordingLogger();
    const pieces: string[] = [];
    for await (const piece of openAIAgainst(server(), { apiKey: API_KEY, logger }).stream('hi')) {
      pieces.push(piece);
      break;
    }
    expect(pieces).toEqual(['first ']);
    await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
    expect(logger.lines.debug[0]).toContain('synapsekit: request openai POST');
  });

  it('no line ever holds the API key, even when the provider echoes it', async () => {
    server().enqueue(openAIError(503, `overloaded for ${API_KEY}`), answer(['ok']));
    server().always(openAIError(401, `Incorrect API key provided: ${API_KEY}`));
    const logger = recordingLogger();
    const llm = openAIAgainst(server(), {
      apiKey: API_KEY,
      logger,
      maxRetries: 1,
      retryDelay: 0.001,
    });
    await llm.generate('hello');
    await expect(llm.generate('again')).rejects.toThrow();
    const all = Object.values(logger.lines).flat().join('\n');
    expect(all).toContain('Incorrect API key provided');
    expect(all).not.toContain(API_KEY);
  });

  it('URLs lose credentials: user:password@, known secrets and credential query parameters', () => {
    expect(
      urlForLogs('https://user:pw@gw.example.com/v1/x?key=AIza123&alt=sse&api-key=abc', []),
    ).toBe('https://[redacted]@gw.example.com/v1/x?key=[redacted]&alt=sse&api-key=[redacted]');
    expect(urlForLogs('https://gw.example.com/tenant-s3cret/v1', ['tenant-s3cret'])).not.toContain(
      's3cret',
    );
  });

  it('SYNAPSEKIT_LOG=debug writes the lines to stderr (console.error), never to stdout', async () => {
    server().enqueue(answer(['Hi']));
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    const stdout = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    vi.stubEnv('SYNAPSEKIT_LOG', 'debug');
    try {
      await openAIAgainst(server(), { apiKey: API_KEY }).generate('hello');
    } finally {
      vi.unstubAllEnvs();
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('synapsekit: request openai POST');
    expect(errors[1]).toContain('synapsekit: response openai 200');
    expect(stdout).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('without SYNAPSEKIT_LOG or a logger nothing is logged', async () => {
    server().enqueue(answer(['Hi']));
    const error = vi.spyOn(console, 'error');
    const warn = vi.spyOn(console, 'warn');
    vi.stubEnv('SYNAPSEKIT_LOG', '');
    try {
      await openAIAgainst(server(), { apiKey: API_KEY }).generate('hello');
    } finally {
      vi.unstubAllEnvs();
    }
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('an unknown SYNAPSEKIT_LOG level, or a logger without the four methods, is a ConfigError', () => {
    expect(() => resolveLogger(undefined, 'verbose')).toThrow(ConfigError);
    expect(() => resolveLogger(undefined, 'verbose')).toThrow(
      /SYNAPSEKIT_LOG must be one of debug/,
    );
    expect(resolveLogger(undefined, ' DEBUG ').debug).toBe(true);
    expect(resolveLogger(undefined, 'warn').debug).toBe(false);
    const partial = { debug() {}, warn() {} } as unknown as Logger;
    expect(() => openAIAgainst(server(), { logger: partial })).toThrow(
      /logger must be an object with debug, info, warn and error methods \(missing: info, error\)/,
    );
  });

  it('warnings go through the configured logger, not console.warn', async () => {
    const warn = vi.spyOn(console, 'warn');
    const logger = recordingLogger();
    const apiKey = `${API_KEY}-shared-limit`;
    // Two instances sharing one rate limit with different rates: the library warns once.
    const first = openAIAgainst(server(), { apiKey, logger, requestsPerMinute: 600 });
    const second = openAIAgainst(server(), { apiKey, logger, requestsPerMinute: 300 });
    server().always(answer(['ok']));
    await first.generate('one');
    await second.generate('two');
    expect(logger.lines.warn).toHaveLength(1);
    expect(logger.lines.warn[0]).toContain('share the rate limit');
    expect(warn).not.toHaveBeenCalled();
  });
});

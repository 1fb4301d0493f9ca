import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAIChunks, openAISse, SSE_HEADERS } from './servers/openai-chat.js';
import { useReplayServer } from './servers/use-replay-server.js';

// The command as users get it: the built bin (npm test builds before running the suite).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  args: string[],
  env: Record<string, string | undefined> = {},
  onStdout?: (text: string, kill: () => void) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      onStdout?.(stdout, () => child.kill('SIGINT'));
    });
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('synapsekit command', () => {
  const server = useReplayServer();
  beforeAll(async () => {
    expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
  });

  it('--help exits 0 and shows the commands', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('synapsekit chat "prompt" --model');
  });

  it('chat without a key exits non-zero naming the env var', async () => {
    const result = await run(['chat', 'hi', '--model', 'gpt-4o-mini'], {
      OPENAI_API_KEY: undefined,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OPENAI_API_KEY');
  });

  it('an unknown provider lists the valid names', async () => {
    const result = await run(['chat', 'hi', '--model', 'x', '--provider', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('openai, anthropic, ollama');
  });

  it('chat streams the answer to stdout and usage to stderr', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(
        openAIChunks(['Paris', ' is the capital.'], {
          usage: { prompt_tokens: 12, completion_tokens: 5 },
        }),
      ),
    });
    const result = await run(
      [
        'chat',
        'Capital of France?',
        '--model',
        'gpt-4o-mini',
        '--system',
        'Be terse.',
        '--base-url',
        `${server().url}/v1`,
      ],
      { OPENAI_API_KEY: 'sk-cli-test-key' },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Paris is the capital.\n');
    expect(result.stderr).toContain('12 input + 5 output tokens');
    const body = server().lastRequest.json as { messages: unknown[] };
    expect(body.messages[0]).toEqual({ role: 'system', content: 'Be terse.' });
  });

  it('SYNAPSEKIT_LOG=debug prints the request and response lines to stderr, nothing extra to stdout', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(
        openAIChunks(['Hello', ' there.'], { usage: { prompt_tokens: 3, completion_tokens: 2 } }),
      ),
    });
    const baseUrl = `${server().url}/v1`;
    const result = await run(['chat', 'hi', '--model', 'gpt-4o-mini', '--base-url', baseUrl], {
      OPENAI_API_KEY: 'sk-cli-debug-key',
      SYNAPSEKIT_LOG: 'debug',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Hello there.\n');
    expect(result.stderr).toContain(
      `synapsekit: request openai POST ${baseUrl}/chat/completions (model gpt-4o-mini, attempt 1)\n`,
    );
    expect(result.stderr).toMatch(
      /synapsekit: response openai 200 in \d+ ms \(attempt 1\): 3 input \+ 2 output tokens\n/,
    );
    expect(result.stderr).not.toContain('sk-cli-debug-key');
  });

  it('a provider error exits 1 with the provider message', async () => {
    server().always({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: '{"error":{"message":"Incorrect API key provided"}}',
    });
    const result = await run(
      ['chat', 'hi', '--model', 'gpt-4o-mini', '--base-url', `${server().url}/v1`],
      {
        OPENAI_API_KEY: 'sk-cli-test-key',
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Incorrect API key provided');
    expect(result.stderr).not.toContain('sk-cli-test-key');
  });

  it('Ctrl-C aborts the request: exit 130 and the server sees the connection closed', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(openAIChunks(['first ', 'second ', 'third'])),
      gapMs: 400,
    });
    let interrupted = false;
    const result = await run(
      ['chat', 'hi', '--model', 'gpt-4o-mini', '--base-url', `${server().url}/v1`],
      { OPENAI_API_KEY: 'k' },
      (stdout, kill) => {
        if (!interrupted && stdout.includes('first')) {
          interrupted = true;
          kill();
        }
      },
    );
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('first');
    await expect.poll(() => server().closedEarly, { timeout: 2_000 }).toBe(1);
  });

  it('ask answers over local files with the RAG facade and names its sources', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synapsekit-cli-'));
    try {
      writeFileSync(join(dir, 'paris.md'), 'Paris is the capital of France and sits on the Seine.');
      writeFileSync(
        join(dir, 'plants.txt'),
        'Photosynthesis turns light, water and carbon dioxide into sugar.',
      );
      writeFileSync(join(dir, 'ignored.json'), '{"capital":"not a text file"}');
      server().enqueue({
        headers: SSE_HEADERS,
        body: openAISse(
          openAIChunks(['The capital ', 'is Paris.'], {
            usage: { prompt_tokens: 40, completion_tokens: 5 },
          }),
        ),
      });
      const result = await run(
        [
          'ask',
          '--docs',
          dir,
          'What is the capital of France?',
          '--model',
          'gpt-4o-mini',
          '--top-k',
          '1',
          '--base-url',
          `${server().url}/v1`,
        ],
        { OPENAI_API_KEY: 'sk-cli-test-key' },
      );
      expect(result.stderr).toContain('sources:');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('The capital is Paris.\n');
      expect(result.stderr).toContain('40 input + 5 output tokens');
      expect(result.stderr).toContain('paris.md');
      const prompt = JSON.stringify(server().lastRequest.json);
      expect(prompt).toContain('Paris is the capital of France');
      expect(prompt).not.toContain('Photosynthesis');
      expect(prompt).not.toContain('not a text file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--no-auth sends no auth header, with no key in the environment', async () => {
    server().enqueue({ headers: SSE_HEADERS, body: openAISse(openAIChunks(['local answer'])) });
    const result = await run(
      ['chat', 'hi', '--model', 'qwen2.5', '--base-url', `${server().url}/v1`, '--no-auth'],
      { OPENAI_API_KEY: undefined },
    );
    expect(result.stderr).not.toContain('OPENAI_API_KEY');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('local answer\n');
    expect(server().lastRequest.headers.authorization).toBeUndefined();
  });

  it('a misspelt flag gets the nearest real one, in our usage message', async () => {
    const result = await run(['chat', 'hi', '--model', 'gpt-4o-mini', '--max-token', '50']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--max-token'. Did you mean '--max-tokens'?");
    expect(result.stderr).toContain("Run 'synapsekit --help' for usage.");
    const far = await run(['chat', 'hi', '--model', 'gpt-4o-mini', '--frobnicate']);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain("synapsekit: Unknown option '--frobnicate'.\n");
  });

  it('a truncated answer exits 0 with a hint to raise --max-tokens', async () => {
    server().enqueue({
      headers: SSE_HEADERS,
      body: openAISse(openAIChunks(['The answer is cut'], { finishReason: 'length' })),
    });
    const result = await run(
      [
        'chat',
        'hi',
        '--model',
        'gpt-4o-mini',
        '--max-tokens',
        '5',
        '--base-url',
        `${server().url}/v1`,
      ],
      { OPENAI_API_KEY: 'k' },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('The answer is cut\n');
    expect(result.stderr).toContain(
      "cut off at the output limit (finish reason 'length', --max-tokens 5)",
    );
    expect(result.stderr).toContain('raise --max-tokens');
  });

  it('ask --docs <dir> skips node_modules and dot-folders, and hints at a truncated answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synapsekit-cli-'));
    try {
      const write = (path: string, text: string): void => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      write('notes/retries.md', 'Retries wait one second, then two, then four.');
      write('node_modules/some-package/README.md', 'Retries in some-package are configured here.');
      write('.git/description.md', 'Retries of the git hooks.');
      write('.cache/retries.txt', 'Retries cached.');
      server().enqueue({
        headers: SSE_HEADERS,
        body: openAISse(openAIChunks(['Retries wait'], { finishReason: 'length' })),
      });
      const result = await run(
        [
          'ask',
          '--docs',
          dir,
          'How do retries wait?',
          '--model',
          'gpt-4o-mini',
          '--base-url',
          `${server().url}/v1`,
        ],
        { OPENAI_API_KEY: 'k' },
      );
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('1 files, sources: ');
      const prompt = JSON.stringify(server().lastRequest.json);
      expect(prompt).toContain('then two, then four');
      expect(prompt).not.toContain('some-package');
      expect(prompt).not.toContain('git hooks');
      expect(prompt).not.toContain('Retries cached');
      expect(result.stderr).toContain('raise --max-tokens');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ask without --docs is a usage error', async () => {
    const result = await run(['ask', 'question?', '--model', 'gpt-4o-mini']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--docs');
  });
});

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY } from './package/installed-package.js';

interface Run {
  code: number | null;
  output: string;
}

// The command of `npm run example` (`tsx --import ...`), run without npm's own process.
const [tool = '', ...toolArguments] =
  (
    JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts.example?.split(' ') ?? [];

/** `npm run example examples/<name>.ts`, as the README says: keyless, against the replay server. */
function runExample(name: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const command = join(REPOSITORY, 'node_modules', '.bin', tool);
    const child = spawn(command, [...toolArguments, `examples/${name}.ts`], {
      cwd: REPOSITORY,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

// Each example, and a line of its output that shows it got to its end.
const EXAMPLES: Array<[name: string, lastLine: string, env?: Record<string, string>]> = [
  ['quickstart', 'tokens used: { input:'],
  ['messages', '5 messages in the conversation; tokens used:'],
  ['errors-and-retries', 'ConfigError on temperature'],
  ['cache-and-rate-limit', '5 calls took'],
  ['usage-and-cost', 'my-finetune, 1000 in + 500 out: 0.009 USD'],
  ['providers', 'tokens used: { input:', { PROVIDER: 'anthropic' }],
  ['rag', 'embeddings: '],
  ['embeddings', 'input tokens in all (RAG included)'],
  ['tools', 'call(s) run by hand; then: The weather tool answered'],
  ['structured', 'StructuredOutputError after 2 tries: write the city in capitals'],
  ['structured', '(mode tool, 1 request(s))', { MODEL: 'claude-3-5-haiku-latest' }],
  ['images', 'Refused before any request: ollama cannot take application/pdf files'],
  ['reasoning', 'Refused before any request: perplexity has no reasoning control'],
  ['observability', 'spans and metrics printed above'],
  ['routing-and-budgets', 'BudgetExceededError: The budget of $0.001 per day is spent'],
];

describe('examples/ run without an API key (npm run example)', () => {
  it.concurrent.each(EXAMPLES)(
    '%s runs to its end against the local replay server',
    async (name, lastLine, env) => {
      const result = await runExample(name, env);
      expect(result.output).toContain('keyless: every request goes to a local replay server');
      expect(result.output).toContain(lastLine);
      expect(result.code).toBe(0);
    },
    90_000,
  );
});

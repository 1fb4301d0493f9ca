#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName, LLMConfig, type LLMConfigOptions } from './config.js';
import { AbortError, ConfigError } from './errors.js';
import { createLLM } from './registry.js';
import { RAG } from './rag/facade.js';
import { estimateCost } from './usage/cost.js';
import { PROVIDER_NAMES, type FinishInfo, type ProviderName, type Usage } from './types.js';

const HELP = `synapsekit: one streaming interface to fifteen LLM providers.

Usage:
  synapsekit chat "prompt" --model <id> [options]     stream an answer to stdout
  synapsekit ask --docs <files or dir> "question" --model <id> [options]
                                                      answer from local .txt/.md files (RAG)
  synapsekit --help | --version

Options:
  -m, --model <id>          model id, e.g. gpt-4o-mini, claude-sonnet-4-5, gemini-2.5-flash
  -p, --provider <name>     override detection: ${PROVIDER_NAMES.join(', ')}
  -s, --system <text>       system prompt
  -t, --temperature <n>     0 to 2
      --max-tokens <n>      output token limit
      --base-url <url>      send requests to another base URL (proxy, gateway, local server)
      --no-auth             send no API key (local servers that need none)
      --timeout <seconds>   time to wait for headers and for each silent gap (default 600)
      --retries <n>         extra attempts after a retryable failure (default 2 here)
  -d, --docs <path>         ask: a file or directory of .txt/.md files (repeatable); folders
                            named node_modules or starting with '.' (.git...) are skipped
  -k, --top-k <n>           ask: chunks retrieved per question (default 5)

The API key comes from the provider's usual env var (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...).
Text goes to stdout; usage goes to stderr. Ctrl-C aborts the request.

Exit codes: 0 ok, 1 provider or network error, 2 bad usage or configuration, 130 interrupted.`;

const OPTIONS = {
  model: { type: 'string', short: 'm' },
  provider: { type: 'string', short: 'p' },
  system: { type: 'string', short: 's' },
  temperature: { type: 'string', short: 't' },
  'max-tokens': { type: 'string' },
  'base-url': { type: 'string' },
  'no-auth': { type: 'boolean' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  docs: { type: 'string', short: 'd', multiple: true },
  'top-k': { type: 'string', short: 'k' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

type ParsedValues = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

/** Run the command line; resolves to the process exit code. */
export async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const unknown = unknownOption(argv);
  if (unknown) return usageError(unknown);
  let values: ParsedValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (command !== 'chat' && command !== 'ask')
    return usageError(`Unknown command '${command}'. Commands: chat, ask.`);
  const prompt = rest.join(' ').trim();
  if (!prompt)
    return usageError(
      `${command} needs a prompt, e.g. synapsekit ${command} "Hello" --model gpt-4o-mini`,
    );
  if (!values.model) return usageError(`${command} needs --model, e.g. --model gpt-4o-mini`);
  if (command === 'ask' && !values.docs?.length)
    return usageError('ask needs --docs <file or directory>');

  try {
    return command === 'chat'
      ? await chat(prompt, values, signal)
      : await ask(prompt, values, signal);
  } catch (error) {
    return reportError(error);
  }
}

async function chat(prompt: string, values: ParsedValues, signal: AbortSignal): Promise<number> {
  const llm = createLLM(new LLMConfig(configFrom(values)));
  try {
    let finish: FinishInfo | undefined;
    const started = Date.now();
    for await (const text of llm.stream(prompt, {
      signal,
      onFinish: (info) => (finish = info),
    })) {
      printAnswer(text);
    }
    printAnswer('\n');
    process.stderr.write(
      `${describeUsage(llm.config.model, finish?.usage, Date.now() - started)}\n`,
    );
    warnIfTruncated(finish, llm.config.maxTokens);
    return 0;
  } finally {
    await llm.close();
  }
}

async function ask(question: string, values: ParsedValues, signal: AbortSignal): Promise<number> {
  const files = (await Promise.all((values.docs ?? []).map((path) => textFiles(path)))).flat();
  if (files.length === 0) throw new ConfigError('--docs found no .txt or .md files.', '--docs');
  const rag = new RAG({
    ...configFrom(values),
    retrievalTopK: values['top-k'] ? numberOption(values['top-k'], '--top-k') : 5,
  });
  try {
    for (const file of files) {
      await rag.add(await readFile(file, 'utf8'), {
        source: relative(process.cwd(), file) || file,
      });
    }
    const started = Date.now();
    const sources = await rag.retrieve(question);
    let finish: FinishInfo | undefined;
    for await (const text of rag.stream(question, { signal, onFinish: (info) => (finish = info) }))
      printAnswer(text);
    printAnswer('\n');
    const summary = rag.tracer.summary();
    const cost =
      summary.estimatedCostUsd === null
        ? 'cost unknown'
        : `$${summary.estimatedCostUsd.toFixed(6)}`;
    const used =
      [...new Set(sources.map((chunk) => String(chunk.metadata.source)))].join(', ') || 'none';
    process.stderr.write(
      `[${rag.llm.config.model}] ${summary.totalInputTokens} input + ${summary.totalOutputTokens} output tokens, ` +
        `${cost}, ${((Date.now() - started) / 1000).toFixed(2)} s; ${files.length} files, sources: ${used}\n`,
    );
    warnIfTruncated(finish, rag.llm.config.maxTokens);
    return 0;
  } finally {
    await rag.close();
  }
}

const TEXT_EXTENSIONS = ['.txt', '.md', '.markdown'];

/**
 * The .txt and .md files at `path` (a file, or a directory searched recursively). Inside a
 * directory, dependencies and hidden folders are not documents (`--docs .` in a project would
 * otherwise index node_modules and .git): entries named `node_modules` or starting with `.`
 * are skipped. A path given explicitly is always read.
 */
async function textFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => {
    throw new ConfigError(`--docs: no such file or directory: ${path}`, '--docs');
  });
  if (info.isFile()) return [path];
  const found: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) found.push(...(await textFiles(child)));
    else if (entry.isFile() && TEXT_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
      found.push(child);
  }
  return found.sort();
}

function configFrom(values: ParsedValues): LLMConfigOptions {
  const options: LLMConfigOptions = { model: values.model ?? '', maxRetries: 2 };
  if (values.provider !== undefined) {
    if (!(PROVIDER_NAMES as readonly string[]).includes(values.provider)) {
      throw new ConfigError(
        `Unknown provider '${values.provider}'. Valid providers: ${PROVIDER_NAMES.join(', ')}.`,
        'provider',
      );
    }
    options.provider = values.provider as ProviderName;
  }
  if (values.system !== undefined) options.systemPrompt = values.system;
  if (values.temperature !== undefined)
    options.temperature = numberOption(values.temperature, '--temperature');
  if (values['max-tokens'] !== undefined)
    options.maxTokens = numberOption(values['max-tokens'], '--max-tokens');
  if (values['base-url'] !== undefined) options.baseUrl = values['base-url'];
  if (values['no-auth']) options.apiKey = '';
  if (values.timeout !== undefined) options.timeout = numberOption(values.timeout, '--timeout');
  if (values.retries !== undefined) options.maxRetries = numberOption(values.retries, '--retries');
  return options;
}

function numberOption(value: string, flag: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new ConfigError(`${flag} needs a number (got '${value}').`, flag);
  }
  return number;
}

/**
 * A misspelt flag, as a usage message with the nearest real flag ("Did you mean
 * '--max-tokens'?"), or undefined when every flag is known. Node's own parser message
 * names the flag but suggests nothing.
 */
function unknownOption(argv: string[]): string | undefined {
  const { tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const token = tokens.find((token) => token.kind === 'option' && !(token.name in OPTIONS));
  if (token?.kind !== 'option') return undefined;
  const names = Object.keys(OPTIONS);
  const folded = names.map((name) => name.replace(/-/g, ''));
  const match = closestName(token.name, folded);
  const hint = match ? ` Did you mean '--${names[folded.indexOf(match)]}'?` : '';
  return `Unknown option '${token.rawName}'.${hint}`;
}

/** A cut-off answer still exits 0, but says how to get the rest. */
function warnIfTruncated(finish: FinishInfo | undefined, maxTokens: number): void {
  if (finish?.finishReason !== 'length') return;
  process.stderr.write(
    `synapsekit: the answer was cut off at the output limit (finish reason '${finish.providerFinishReason}', ` +
      `--max-tokens ${maxTokens}); raise --max-tokens for a longer answer.\n`,
  );
}

function describeUsage(model: string, usage: Usage | undefined, elapsedMs: number): string {
  const seconds = (elapsedMs / 1000).toFixed(2);
  if (!usage?.reported) return `[${model}] ${seconds} s; the provider reported no token usage`;
  const cost = estimateCost(model, usage.input, usage.output);
  const price = cost === null ? 'cost unknown' : `$${cost.toFixed(6)}`;
  return `[${model}] ${usage.input} input + ${usage.output} output tokens, ${price}, ${seconds} s`;
}

// Whether an answer is half-printed on stdout, so an error message starts on a new line.
let midLine = false;

function printAnswer(text: string): void {
  process.stdout.write(text);
  midLine = !text.endsWith('\n');
}

function lineBreak(): string {
  return midLine ? '\n' : '';
}

function usageError(message: string): number {
  process.stderr.write(`synapsekit: ${message}\nRun 'synapsekit --help' for usage.\n`);
  return 2;
}

function reportError(error: unknown): number {
  if (error instanceof AbortError) {
    process.stderr.write(`${lineBreak()}synapsekit: interrupted\n`);
    return 130;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${lineBreak()}synapsekit: ${message}\n`);
  if (error instanceof ConfigError) return 2;
  return 1;
}

function packageVersion(): string {
  const raw = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { version: string }).version;
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await main(process.argv.slice(2), controller.signal);

/**
 * A ten-minute tour of synapsekit that needs no API key: `npm install && npm run tour`.
 *
 * Every call goes to the project's local replay server (the one the tests use), which answers
 * with each provider's real wire bytes. `npm run tour -- --live` sends the streaming and RAG
 * steps to the real provider whose API key is in the environment instead.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AnthropicLLM,
  GeminiLLM,
  OpenAILLM,
  RAG,
  RateLimitError,
  TokenTracer,
  createLLM,
  createRouter,
  estimateCost,
  type BaseLLM,
  tool,
  type LLMConfigOptions,
} from 'synapsekit';
import { anthropicStream } from '../test/servers/anthropic.js';
import { geminiStream } from '../test/servers/gemini.js';
import { openAIError } from '../test/servers/openai-chat.js';
import { ReplayServer, type RecordedRequest } from '../test/servers/replay-server.js';
import { z } from 'zod';
import { answerLikeAModel, openAIAnswer } from './keyless/model-server.js';

const live = process.argv.includes('--live');
// The tour runs compiled from .tour/examples/, so the documents are two folders up from it.
const DOCS_DIR = fileURLToPath(new URL('../../examples/docs/', import.meta.url));

/** The first provider whose key is set, for --live. */
const LIVE_MODELS: Array<[env: string, model: string]> = [
  ['OPENAI_API_KEY', 'gpt-4o-mini'],
  ['ANTHROPIC_API_KEY', 'claude-3-5-haiku-latest'],
  ['GEMINI_API_KEY', 'gemini-2.5-flash'],
  ['GROQ_API_KEY', 'llama-3.3-70b-versatile'],
  ['MISTRAL_API_KEY', 'mistral-small-latest'],
  ['DEEPSEEK_API_KEY', 'deepseek-chat'],
  ['COHERE_API_KEY', 'command-r-08-2024'],
];

function heading(text: string): void {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

function ms(since: number): string {
  return `${(performance.now() - since).toFixed(1)} ms`;
}

function liveLLM(): BaseLLM {
  const found = LIVE_MODELS.find(([env]) => process.env[env]);
  if (!found) {
    throw new Error(
      `--live needs one of these env vars: ${LIVE_MODELS.map(([env]) => env).join(', ')}.`,
    );
  }
  console.log(`(live: ${found[1]}, key from ${found[0]})`);
  return createLLM({ model: found[1], maxRetries: 2 });
}

async function main(): Promise<void> {
  const server = await ReplayServer.start();
  console.log(
    `synapsekit tour: every call below goes to a local replay server at ${server.url} that speaks the ` +
      `providers' real wire formats, so no API key is needed${live ? ' (except the --live steps)' : ''}.`,
  );
  const local = (
    options: Partial<LLMConfigOptions> & { model: string },
    path = '/v1',
  ): LLMConfigOptions => ({
    apiKey: 'tour-key',
    baseUrl: `${server.url}${path}`,
    ...options,
  });
  const tracer = new TokenTracer();
  const trace = (model: string) => ({
    onFinish: ({
      usage,
      cached,
    }: {
      usage: Parameters<TokenTracer['recordUsage']>[0];
      cached: boolean;
    }) => tracer.recordUsage(usage, { model, cached }),
  });

  try {
    heading('1. Streaming: text arrives piece by piece');
    const streamer = live ? liveLLM() : new OpenAILLM(local({ model: 'gpt-4o-mini' }));
    server.enqueue(
      openAIAnswer(
        'Streams arrive as server-sent events, and each delta is yielded as soon as it lands.',
      ),
    );
    let started = performance.now();
    for await (const text of streamer.stream(
      'Explain streaming in one sentence.',
      trace(streamer.config.model),
    )) {
      process.stdout.write(text);
    }
    console.log(`\n(${ms(started)}; tokensUsed ${JSON.stringify(streamer.tokensUsed)})`);

    heading("2. generate(): the joined stream, here from Anthropic's Messages API");
    const claude = new AnthropicLLM(local({ model: 'claude-3-5-haiku-latest' }, ''));
    server.enqueue(
      anthropicStream(['Paris ', 'is the capital ', 'of France.'], {
        usage: { input_tokens: 18, output_tokens: 9 },
      }),
    );
    console.log(
      await claude.generate('What is the capital of France?', trace('claude-3-5-haiku-latest')),
    );
    const claudeRequest = server.lastRequest;
    console.log(
      `(request: POST ${claudeRequest.url}, system prompt sent as the top-level "system" field)`,
    );

    heading('3. Messages: a conversation, here with Gemini');
    const gemini = new GeminiLLM(local({ model: 'gemini-2.5-flash' }, '/v1beta'));
    server.enqueue(
      geminiStream(['You asked about ', 'the capital of France: Paris.'], {
        usage: { promptTokenCount: 30, candidatesTokenCount: 11 },
      }),
    );
    const reply = await gemini.generateWithMessages(
      [
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'user', content: 'What is the capital of France?' },
        { role: 'assistant', content: 'Paris.' },
        { role: 'user', content: 'What did I ask about?' },
      ],
      trace('gemini-2.5-flash'),
    );
    console.log(reply);
    console.log(`(Gemini got roles ${describeRoles(server.lastRequest)} and a systemInstruction)`);

    heading('4. Cache: the second identical call never leaves the process');
    const cached = new OpenAILLM(local({ model: 'gpt-4o-mini', cache: true }));
    server.enqueue({
      ...openAIAnswer('Cached answers are replayed as a stream.'),
      headerDelayMs: 300,
    });
    started = performance.now();
    await cached.generate('What does the cache do?', trace('gpt-4o-mini'));
    console.log(`first call:  ${ms(started)} (went to the server)`);
    started = performance.now();
    const again = await cached.generate('What does the cache do?', trace('gpt-4o-mini'));
    console.log(`second call: ${ms(started)} (cache hit) -> "${again}"`);
    console.log(
      `cacheStats ${JSON.stringify(cached.cacheStats)}; requests sent: ${server.requests.length}`,
    );

    heading('5. Retries: a 429 with retry-after-ms, then success');
    const retrying = new OpenAILLM(local({ model: 'gpt-4o-mini', maxRetries: 2 }));
    server.enqueue(
      openAIError(
        429,
        'Rate limit reached for gpt-4o-mini on requests per min.',
        { type: 'requests', code: 'rate_limit_exceeded' },
        {
          'retry-after-ms': '250',
        },
      ),
      openAIAnswer('Succeeded on the second attempt.'),
    );
    started = performance.now();
    const retried = await retrying.generate('Try me.', {
      onFinish: ({ attempts, usage }) => {
        tracer.recordUsage(usage, { model: 'gpt-4o-mini' });
        console.log(`onFinish: ${attempts} attempts`);
      },
    });
    console.log(`${retried} (${ms(started)}, waited the server's 250 ms)`);
    const noRetry = new OpenAILLM(local({ model: 'gpt-4o-mini' }));
    server.enqueue(
      openAIError(429, 'You exceeded your current quota.', {
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
    );
    await noRetry.generate('Again?').catch((error: unknown) => {
      if (error instanceof RateLimitError) {
        console.log(
          `without retries: ${error.name} (status ${error.status}, retryable ${error.retryable}): ${error.providerMessage}`,
        );
      }
    });

    heading('6. Rate limiter: requestsPerMinute 120 = 2 per second, one second (2 calls) of burst');
    const limited = new OpenAILLM(local({ model: 'gpt-4o-mini', requestsPerMinute: 120 }));
    server.always(() => openAIAnswer('ok', { prompt_tokens: 3, completion_tokens: 1 }));
    started = performance.now();
    const times: string[] = [];
    for (let i = 0; i < 5; i++) {
      await limited.generate(`call ${i}`, trace('gpt-4o-mini'));
      times.push(ms(started));
    }
    console.log(`5 calls finished at: ${times.join(', ')}`);
    await limited.close();

    heading("7. tokensUsed and the tracer's cost summary");
    console.log(`retrying.tokensUsed = ${JSON.stringify(retrying.tokensUsed)}`);
    const summary = tracer.summary();
    for (const [model, row] of Object.entries(summary.byModel)) {
      const cost = row.costUsd === null ? 'unknown price' : `$${row.costUsd.toFixed(6)}`;
      console.log(
        `  ${model.padEnd(24)} ${row.calls} calls, ${row.inputTokens} in / ${row.outputTokens} out, ${cost}`,
      );
    }
    console.log(
      `  total: ${summary.calls} calls, ${summary.totalTokens} tokens, estimated $${summary.estimatedCostUsd?.toFixed(6) ?? 'unknown'}`,
    );
    console.log(
      `estimateCost('gpt-4o', 1M in, 1M out) = $${estimateCost('gpt-4o', 1_000_000, 1_000_000)}`,
    );

    heading('8. RAG: a question over local documents (BM25 retrieval, no embeddings model needed)');
    server.always(answerLikeAModel); // quotes the first retrieved sentence it was sent
    const rag = new RAG(live ? { llm: liveLLM() } : local({ model: 'gpt-4o-mini' }));
    for (const file of (await readdir(DOCS_DIR)).sort()) {
      await rag.add(await readFile(join(DOCS_DIR, file), 'utf8'), { source: file });
    }
    const question = 'How does the rate limiter decide when a request may go?';
    const sources = await rag.retrieve(question, { topK: 2 });
    console.log(
      `retrieved: ${sources.map((chunk) => `${String(chunk.metadata.source)} (${chunk.score.toFixed(2)})`).join(', ')}`,
    );
    for await (const text of rag.stream(question, { topK: 2 })) process.stdout.write(text);
    const ragSummary = rag.tracer.summary();
    console.log(
      `\n(rag.tracer: ${ragSummary.calls} call, ${ragSummary.totalInputTokens} in / ${ragSummary.totalOutputTokens} out, ` +
        `$${ragSummary.estimatedCostUsd?.toFixed(6) ?? 'unknown'})`,
    );
    await rag.close();

    heading('9. Tools: the model calls a function, the library runs it and sends the result back');
    // The stand-in model calls the first tool it is given, then answers from the tool's result.
    const agent = live ? liveLLM() : new OpenAILLM(local({ model: 'gpt-4o-mini' }));
    const weather = tool({
      description: 'The current weather in a city',
      inputSchema: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      },
      execute: (input) => ({ city: (input as { city: string }).city, celsius: 19, sky: 'clear' }),
    });
    const before = server.requests.length;
    for await (const event of agent.streamEvents('What is the weather in Lisbon?', {
      tools: { weather },
      maxSteps: 3,
    })) {
      if (event.type === 'tool-call')
        console.log(`tool-call   ${event.name}(${JSON.stringify(event.input)}) id ${event.id}`);
      if (event.type === 'tool-result') console.log(`tool-result ${JSON.stringify(event.output)}`);
      if (event.type === 'step-finish')
        console.log(`step ${event.step} finished: ${event.finishReason}`);
      if (event.type === 'text') process.stdout.write(event.text);
      if (event.type === 'finish') {
        console.log(
          `\nfinish: ${event.finishReason}, ${event.steps} steps, ${event.usage.input} in / ${event.usage.output} out`,
        );
      }
    }
    if (!live) {
      const roles = (server.lastRequest.json as { messages: Array<{ role: string }> }).messages.map(
        (message) => message.role,
      );
      console.log(
        `(${server.requests.length - before} requests; the second sent roles ${roles.join(', ')})`,
      );
    }

    heading(
      '10. Structured output: a typed object that matches a zod schema, streamed as it grows',
    );
    // The stand-in model answers a request for structured output with an object of that schema.
    const extractor = live ? liveLLM() : new OpenAILLM(local({ model: 'gpt-4o-mini' }));
    const Weather = z.object({
      city: z.string(),
      temperatureC: z.number(),
      conditions: z.enum(['sunny', 'cloudy', 'rainy']),
    });
    let partials = 0;
    for await (const partial of extractor.streamStructured('Weather in Madrid?', Weather)) {
      partials += 1;
      if (partials <= 2) console.log(`partial: ${JSON.stringify(partial)}`);
    }
    const report = await extractor.generateStructured('Weather in Madrid?', Weather, {
      onFinish: ({ structuredMode }) =>
        console.log(`(${partials} partials; mode ${structuredMode})`),
    });
    // `report` is typed { city: string; temperatureC: number; conditions: 'sunny' | ... }.
    console.log(`${report.city}: ${report.temperatureC} °C, ${report.conditions}`);
    if (!live) {
      const { response_format: format } = server.lastRequest.json as {
        response_format: { type: string; json_schema: { strict: boolean } };
      };
      console.log(`(request: response_format ${format.type}, strict ${format.json_schema.strict})`);
    }

    heading('11. Fallback: one LLM over two providers; a 503 from the first, the second answers');
    const router = createRouter({
      models: [local({ model: 'gpt-4o-mini' }), local({ model: 'claude-3-5-haiku-latest' }, '')],
    });
    server.enqueue(
      openAIError(503, 'The engine is currently overloaded', { type: 'server_error' }),
      anthropicStream(['Claude ', 'took over.'], { usage: { input_tokens: 9, output_tokens: 3 } }),
    );
    const fallbackText = await router.generate('Who answers?', {
      onFinish: ({ provider, model }) => console.log(`(answered by ${provider} ${model})`),
    });
    console.log(fallbackText);
    await router.close();
    await cached.close();
  } finally {
    await server.close();
  }
  console.log('\nThat was synapsekit. Next: README.md, examples/, `npx synapsekit --help`.');
}

function describeRoles(request: RecordedRequest): string {
  const body = request.json as { contents?: Array<{ role: string }> };
  return (body.contents ?? []).map((content) => content.role).join(', ');
}

await main();

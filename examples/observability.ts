/**
 * Observability: every call as an OpenTelemetry span (`chat {model}`, GenAI conventions) with
 * `execute_tool {name}` children for the tools a `maxSteps` loop runs, the GenAI client
 * metrics, and the debug log. Here the OpenTelemetry Node SDK prints spans and metrics to the
 * console; in production you give it an OTLP exporter (Langfuse, Datadog, Honeycomb, Grafana,
 * Arize...) and the calls show up there.
 *
 * Needs: OPENAI_API_KEY, and `npm install @opentelemetry/api @opentelemetry/sdk-node`.
 *        Or set MODEL to another provider's model and that provider's key.
 * Run:   npx tsx examples/observability.ts
 *        (keyless: npm run example examples/observability.ts)
 *        SYNAPSEKIT_LOG=debug npx tsx examples/observability.ts adds the debug log on stderr.
 */
import { NodeSDK, metrics, tracing } from '@opentelemetry/sdk-node';
import { createLLM, tool } from 'synapsekit';

// 1. Start the SDK before the first call: it registers the global tracer and meter providers
//    that synapsekit's spans and metrics go to.
const sdk = new NodeSDK({
  serviceName: 'observability-example',
  spanProcessors: [new tracing.SimpleSpanProcessor(new tracing.ConsoleSpanExporter())],
  metricReaders: [
    new metrics.PeriodicExportingMetricReader({
      exporter: new metrics.ConsoleMetricExporter(),
      exportIntervalMillis: 60_000, // printed at shutdown
    }),
  ],
});
sdk.start();

// 2. `telemetry: true` is enough; `recordContent: true` adds the prompts, answers and tool
//    arguments to the spans (off by default: they may hold personal data).
const llm = createLLM({
  model: process.env.MODEL ?? 'gpt-4o-mini',
  telemetry: { recordContent: true },
});

const weather = tool({
  description: 'The current weather in a city',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
  execute: (input) => ({ city: (input as { city: string }).city, celsius: 18 }),
});

// 3. A streamed call (its span records the time to the first chunk) ...
for await (const text of llm.stream('Name three rivers of Europe, briefly.')) {
  process.stdout.write(text);
}
process.stdout.write('\n');

// ... and a tool loop: one `chat` span with an `execute_tool weather` child per execution.
// `telemetryAttributes` adds your own attributes to the call's span.
const answer = await llm.generate('What is the weather in Paris?', {
  tools: { weather },
  maxSteps: 3,
  telemetryAttributes: { 'app.feature': 'weather-chat' },
});
console.log(answer);

// 4. Shutting down flushes the spans and prints the metrics (gen_ai.client.token.usage,
//    gen_ai.client.operation.duration).
await sdk.shutdown();
console.log('spans and metrics printed above');

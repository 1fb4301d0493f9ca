import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Every client the benchmark runs, behind one shape:
//   load(root, spec, options) -> { consume(onFirstText) -> Promise<number of text characters> }
// Each adapter uses its library the way its docs show for a streamed chat answer, pointed at the
// mock server with a dummy key, retries off unless `options.maxRetries` says otherwise.
// Adapters import their library lazily, so a worker process loads only the client it measures.

/** synapsekit's build: the root `npm run build` output, or SYNAPSEKIT_DIST to compare another build. */
export const SYNAPSEKIT_URL = pathToFileURL(
  process.env.SYNAPSEKIT_DIST
    ? path.resolve(process.env.SYNAPSEKIT_DIST, 'index.js')
    : fileURLToPath(new URL('../../dist/index.js', import.meta.url)),
).href;

/** Another build of synapsekit (e.g. the one before a change) to compare `stream()` with. */
const BEFORE_URL = process.env.SYNAPSEKIT_BEFORE_DIST
  ? pathToFileURL(path.resolve(process.env.SYNAPSEKIT_BEFORE_DIST, 'index.js')).href
  : undefined;

const SYSTEM = 'You are a helpful assistant.';
const PROMPT = 'Write a long story about a lighthouse keeper.';
const MODEL_OPENAI = 'gpt-4o-mini';
const MODEL_ANTHROPIC = 'claude-haiku-4-5';
const MAX_TOKENS = 1024;
const TEMPERATURE = 0.2;

const openaiBase = (root, spec) => `${root}/${spec}/v1`;

/** The tool of the tool-call stream: the model writes a file through it. */
const WRITE_SCHEMA = {
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
};
const WRITE_TOOL_OPENAI = {
  type: 'function',
  function: { name: 'write_file', description: 'Write text to a file', parameters: WRITE_SCHEMA },
};

/** The baseline's SSE splitter: events end at a blank line (the mock sends LF line ends). */
async function* sseData(body) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let start = 0;
    let end;
    while ((end = buffer.indexOf('\n\n', start)) !== -1) {
      const event = buffer.slice(start, end);
      start = end + 2;
      const data = event.indexOf('data: ');
      if (data !== -1) yield event.slice(data + 6);
    }
    buffer = buffer.slice(start);
  }
}

async function postJson(url, headers, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return response;
}

const openAIBody = () => ({
  model: MODEL_OPENAI,
  messages: [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: PROMPT },
  ],
  stream: true,
  stream_options: { include_usage: true },
  temperature: TEMPERATURE,
  max_completion_tokens: MAX_TOKENS,
});

const anthropicBody = () => ({
  model: MODEL_ANTHROPIC,
  system: SYSTEM,
  messages: [{ role: 'user', content: PROMPT }],
  max_tokens: MAX_TOKENS,
  temperature: TEMPERATURE,
  stream: true,
});

/** Raw sockets with keep-alive that read each response to its last chunked frame and drop it. */
function socketSink(root, path, body) {
  const { hostname, port } = new URL(root);
  const payload = JSON.stringify(body);
  const request = Buffer.from(
    `POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
  );
  const idle = [];
  const connect = () =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  return {
    async consume(onFirst) {
      const socket = idle.pop() ?? (await connect());
      const bytes = await new Promise((resolve) => {
        let tail = '';
        let total = 0;
        const onData = (data) => {
          if (total === 0) onFirst?.();
          total += data.length;
          tail = (tail + data.toString('latin1', Math.max(0, data.length - 5))).slice(-5);
          if (tail === '0\r\n\r\n') {
            socket.off('data', onData);
            resolve(total);
          }
        };
        socket.on('data', onData);
        socket.write(request);
      });
      idle.push(socket);
      return bytes;
    },
  };
}

export const CLIENTS = {
  'socket-sink': {
    protocol: 'openai',
    sink: true,
    label: 'raw socket byte sink (server ceiling)',
    async load(root, spec) {
      return socketSink(root, `/${spec}/v1/chat/completions`, openAIBody());
    },
  },
  'fetch-sink': {
    protocol: 'openai',
    sink: true,
    label: 'fetch byte sink (transport floor)',
    async load(root, spec) {
      const url = `${openaiBase(root, spec)}/chat/completions`;
      return {
        async consume(onFirst) {
          const response = await postJson(url, { authorization: 'Bearer sk-bench' }, openAIBody());
          let bytes = 0;
          for await (const chunk of response.body) {
            if (bytes === 0) onFirst?.();
            bytes += chunk.length;
          }
          return bytes;
        },
      };
    },
  },
  raw: {
    protocol: 'openai',
    baseline: true,
    label: 'raw fetch + SSE splitter + JSON.parse (baseline)',
    async load(root, spec) {
      const url = `${openaiBase(root, spec)}/chat/completions`;
      return {
        async consume(onFirst) {
          const response = await postJson(url, { authorization: 'Bearer sk-bench' }, openAIBody());
          let chars = 0;
          for await (const data of sseData(response.body)) {
            if (data === '[DONE]') break;
            const text = JSON.parse(data).choices[0]?.delta?.content;
            if (text) {
              if (chars === 0) onFirst?.();
              chars += text.length;
            }
          }
          return chars;
        },
      };
    },
  },
  synapsekit: {
    protocol: 'openai',
    label: 'synapsekit OpenAILLM.stream',
    async load(root, spec, options = {}) {
      return synapsekitConsumer('OpenAILLM', {
        model: MODEL_OPENAI,
        apiKey: 'sk-bench',
        baseUrl: openaiBase(root, spec),
        ...options,
      });
    },
    cold: `const { OpenAILLM } = await import(${JSON.stringify(SYNAPSEKIT_URL)});
new OpenAILLM({ model: 'gpt-4o-mini', apiKey: 'sk-bench' });`,
  },
  openai: {
    protocol: 'openai',
    label: 'openai SDK chat.completions.create({ stream: true })',
    async load(root, spec, options = {}) {
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({
        apiKey: 'sk-bench',
        baseURL: openaiBase(root, spec),
        maxRetries: options.maxRetries ?? 0,
      });
      return {
        async consume(onFirst) {
          const stream = await client.chat.completions.create(openAIBody());
          let chars = 0;
          for await (const chunk of stream) {
            const text = chunk.choices[0]?.delta?.content;
            if (text) {
              if (chars === 0) onFirst?.();
              chars += text.length;
            }
          }
          return chars;
        },
      };
    },
    cold: `const { default: OpenAI } = await import('openai');
new OpenAI({ apiKey: 'sk-bench' });`,
  },
  'ai-sdk': {
    protocol: 'openai',
    label: 'Vercel AI SDK streamText + @ai-sdk/openai (chat)',
    async load(root, spec, options = {}) {
      const [{ streamText }, { createOpenAI }] = await Promise.all([
        import('ai'),
        import('@ai-sdk/openai'),
      ]);
      const provider = createOpenAI({ apiKey: 'sk-bench', baseURL: openaiBase(root, spec) });
      const model = provider.chat(MODEL_OPENAI);
      return aiSdkConsumer(streamText, model, options);
    },
    cold: `const [{ streamText }, { createOpenAI }] = await Promise.all([import('ai'), import('@ai-sdk/openai')]);
createOpenAI({ apiKey: 'sk-bench' }).chat('gpt-4o-mini');`,
  },
  'synapsekit-events': {
    protocol: 'openai',
    label: 'synapsekit OpenAILLM.streamEvents (text events)',
    available: (core) => typeof core.OpenAILLM?.prototype?.streamEvents === 'function',
    async load(root, spec, options = {}) {
      const llm = await synapsekitLLM(SYNAPSEKIT_URL, 'OpenAILLM', {
        model: MODEL_OPENAI,
        apiKey: 'sk-bench',
        baseUrl: openaiBase(root, spec),
        ...options,
      });
      return {
        async consume(onFirst) {
          let chars = 0;
          for await (const event of llm.streamEvents(PROMPT)) {
            if (event.type !== 'text') continue;
            if (chars === 0) onFirst?.();
            chars += event.text.length;
          }
          return chars;
        },
      };
    },
  },
  'synapsekit-before': {
    protocol: 'openai',
    label: 'synapsekit OpenAILLM.stream, build before the event stream (SYNAPSEKIT_BEFORE_DIST)',
    available: () => BEFORE_URL !== undefined,
    async load(root, spec, options = {}) {
      return synapsekitConsumer(
        'OpenAILLM',
        { model: MODEL_OPENAI, apiKey: 'sk-bench', baseUrl: openaiBase(root, spec), ...options },
        BEFORE_URL,
      );
    },
  },
  'ai-sdk-full': {
    protocol: 'openai',
    label: 'Vercel AI SDK streamText fullStream (text-delta parts)',
    async load(root, spec, options = {}) {
      const [{ streamText }, { createOpenAI }] = await Promise.all([
        import('ai'),
        import('@ai-sdk/openai'),
      ]);
      const provider = createOpenAI({ apiKey: 'sk-bench', baseURL: openaiBase(root, spec) });
      return {
        async consume(onFirst) {
          const result = streamText({
            model: provider.chat(MODEL_OPENAI),
            system: SYSTEM,
            prompt: PROMPT,
            temperature: TEMPERATURE,
            maxOutputTokens: MAX_TOKENS,
            maxRetries: options.maxRetries ?? 0,
          });
          let chars = 0;
          for await (const part of result.fullStream) {
            if (part.type === 'error') throw part.error;
            if (part.type !== 'text-delta') continue;
            if (chars === 0) onFirst?.();
            chars += part.text.length;
          }
          return chars;
        },
      };
    },
  },
  langchain: {
    protocol: 'openai',
    label: 'LangChain ChatOpenAI.stream',
    async load(root, spec, options = {}) {
      const { ChatOpenAI } = await import('@langchain/openai');
      const llm = new ChatOpenAI({
        model: MODEL_OPENAI,
        apiKey: 'sk-bench',
        configuration: { baseURL: openaiBase(root, spec) },
        temperature: TEMPERATURE,
        maxTokens: MAX_TOKENS,
        maxRetries: options.maxRetries ?? 0,
      });
      const messages = [
        ['system', SYSTEM],
        ['human', PROMPT],
      ];
      return {
        async consume(onFirst) {
          let chars = 0;
          for await (const chunk of await llm.stream(messages)) {
            const text = chunk.content;
            if (typeof text === 'string' && text) {
              if (chars === 0) onFirst?.();
              chars += text.length;
            }
          }
          return chars;
        },
      };
    },
    cold: `const { ChatOpenAI } = await import('@langchain/openai');
new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-bench' });`,
  },
  'raw-anthropic': {
    protocol: 'anthropic',
    baseline: true,
    label: 'raw fetch + SSE splitter + JSON.parse (Anthropic baseline)',
    async load(root, spec) {
      const url = `${root}/${spec}/v1/messages`;
      const headers = { 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01' };
      return {
        async consume(onFirst) {
          const response = await postJson(url, headers, anthropicBody());
          let chars = 0;
          for await (const data of sseData(response.body)) {
            const event = JSON.parse(data);
            if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
              if (chars === 0) onFirst?.();
              chars += event.delta.text.length;
            } else if (event.type === 'message_stop') break;
          }
          return chars;
        },
      };
    },
  },
  'synapsekit-anthropic': {
    protocol: 'anthropic',
    label: 'synapsekit AnthropicLLM.stream',
    /** Present once the Anthropic provider is merged. */
    available: (core) => typeof core.AnthropicLLM === 'function',
    async load(root, spec, options = {}) {
      return synapsekitConsumer('AnthropicLLM', {
        model: MODEL_ANTHROPIC,
        apiKey: 'sk-ant-bench',
        baseUrl: `${root}/${spec}`,
        ...options,
      });
    },
    cold: `const { AnthropicLLM } = await import(${JSON.stringify(SYNAPSEKIT_URL)});
new AnthropicLLM({ model: 'claude-haiku-4-5', apiKey: 'sk-bench' });`,
  },
  'anthropic-sdk': {
    protocol: 'anthropic',
    label: '@anthropic-ai/sdk messages.create({ stream: true })',
    async load(root, spec, options = {}) {
      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      const client = new Anthropic({
        apiKey: 'sk-ant-bench',
        baseURL: `${root}/${spec}`,
        maxRetries: options.maxRetries ?? 0,
      });
      return {
        async consume(onFirst) {
          const stream = await client.messages.create(anthropicBody());
          let chars = 0;
          for await (const event of stream) {
            if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
              if (chars === 0) onFirst?.();
              chars += event.delta.text.length;
            }
          }
          return chars;
        },
      };
    },
    cold: `const { default: Anthropic } = await import('@anthropic-ai/sdk');
new Anthropic({ apiKey: 'sk-bench' });`,
  },
  'ai-sdk-anthropic': {
    protocol: 'anthropic',
    label: 'Vercel AI SDK streamText + @ai-sdk/anthropic',
    async load(root, spec, options = {}) {
      const [{ streamText }, { createAnthropic }] = await Promise.all([
        import('ai'),
        import('@ai-sdk/anthropic'),
      ]);
      const provider = createAnthropic({ apiKey: 'sk-ant-bench', baseURL: `${root}/${spec}/v1` });
      return aiSdkConsumer(streamText, provider(MODEL_ANTHROPIC), options);
    },
    cold: `const [{ streamText }, { createAnthropic }] = await Promise.all([import('ai'), import('@ai-sdk/anthropic')]);
createAnthropic({ apiKey: 'sk-bench' })('claude-haiku-4-5');`,
  },
  'raw-tools': {
    protocol: 'openai-tools',
    baseline: true,
    label: 'raw fetch + SSE splitter + JSON.parse (tool-call baseline)',
    async load(root, spec) {
      const url = `${openaiBase(root, spec)}/chat/completions`;
      return {
        async consume(onFirst) {
          const response = await postJson(
            url,
            { authorization: 'Bearer sk-bench' },
            { ...openAIBody(), tools: [WRITE_TOOL_OPENAI] },
          );
          let chars = 0;
          for await (const data of sseData(response.body)) {
            if (data === '[DONE]') break;
            const piece = JSON.parse(data).choices[0]?.delta?.tool_calls?.[0]?.function?.arguments;
            if (piece) {
              if (chars === 0) onFirst?.();
              chars += piece.length;
            }
          }
          return chars;
        },
      };
    },
  },
  'synapsekit-tools': {
    protocol: 'openai-tools',
    label: 'synapsekit OpenAILLM.streamEvents (tool-call-delta events)',
    available: (core) => typeof core.OpenAILLM?.prototype?.streamEvents === 'function',
    async load(root, spec, options = {}) {
      const llm = await synapsekitLLM(SYNAPSEKIT_URL, 'OpenAILLM', {
        model: MODEL_OPENAI,
        apiKey: 'sk-bench',
        baseUrl: openaiBase(root, spec),
        ...options,
      });
      const tools = {
        write_file: {
          description: WRITE_TOOL_OPENAI.function.description,
          inputSchema: WRITE_SCHEMA,
        },
      };
      return {
        async consume(onFirst) {
          let chars = 0;
          for await (const event of llm.streamEvents(PROMPT, { tools })) {
            if (event.type !== 'tool-call-delta') continue;
            if (chars === 0) onFirst?.();
            chars += event.inputDelta.length;
          }
          return chars;
        },
      };
    },
  },
  'openai-tools': {
    protocol: 'openai-tools',
    label: 'openai SDK chat.completions.create({ stream: true, tools })',
    async load(root, spec, options = {}) {
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({
        apiKey: 'sk-bench',
        baseURL: openaiBase(root, spec),
        maxRetries: options.maxRetries ?? 0,
      });
      return {
        async consume(onFirst) {
          const stream = await client.chat.completions.create({
            ...openAIBody(),
            tools: [WRITE_TOOL_OPENAI],
          });
          let chars = 0;
          for await (const chunk of stream) {
            const piece = chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments;
            if (piece) {
              if (chars === 0) onFirst?.();
              chars += piece.length;
            }
          }
          return chars;
        },
      };
    },
  },
  'ai-sdk-tools': {
    protocol: 'openai-tools',
    label: 'Vercel AI SDK streamText fullStream (tool-input-delta parts)',
    async load(root, spec, options = {}) {
      const [{ streamText, jsonSchema, tool }, { createOpenAI }] = await Promise.all([
        import('ai'),
        import('@ai-sdk/openai'),
      ]);
      const provider = createOpenAI({ apiKey: 'sk-bench', baseURL: openaiBase(root, spec) });
      const tools = {
        write_file: tool({
          description: WRITE_TOOL_OPENAI.function.description,
          inputSchema: jsonSchema(WRITE_SCHEMA),
        }),
      };
      return {
        async consume(onFirst) {
          const result = streamText({
            model: provider.chat(MODEL_OPENAI),
            system: SYSTEM,
            prompt: PROMPT,
            tools,
            temperature: TEMPERATURE,
            maxOutputTokens: MAX_TOKENS,
            maxRetries: options.maxRetries ?? 0,
          });
          let chars = 0;
          for await (const part of result.fullStream) {
            if (part.type === 'error') throw part.error;
            if (part.type !== 'tool-input-delta') continue;
            if (chars === 0) onFirst?.();
            chars += part.delta.length;
          }
          return chars;
        },
      };
    },
  },
};

/** A synapsekit provider class from a build, configured like the peers. */
async function synapsekitLLM(
  url,
  className,
  { model, apiKey, baseUrl, maxRetries, requestsPerMinute },
) {
  const LLM = (await import(url))[className];
  return new LLM({
    model,
    apiKey,
    baseUrl,
    systemPrompt: SYSTEM,
    temperature: TEMPERATURE,
    maxTokens: MAX_TOKENS,
    maxRetries: maxRetries ?? 0,
    ...(requestsPerMinute ? { requestsPerMinute } : {}),
  });
}

/** A synapsekit provider class streaming the prompt's text with `stream()`. */
async function synapsekitConsumer(className, options, url = SYNAPSEKIT_URL) {
  const llm = await synapsekitLLM(url, className, options);
  return {
    async consume(onFirst) {
      let chars = 0;
      for await (const text of llm.stream(PROMPT)) {
        if (chars === 0) onFirst?.();
        chars += text.length;
      }
      return chars;
    },
  };
}

/** streamText reports errors through onError and ends the text stream; surface them as throws. */
function aiSdkConsumer(streamText, model, options) {
  return {
    async consume(onFirst) {
      let failure;
      const result = streamText({
        model,
        system: SYSTEM,
        prompt: PROMPT,
        temperature: TEMPERATURE,
        maxOutputTokens: MAX_TOKENS,
        maxRetries: options.maxRetries ?? 0,
        onError: ({ error }) => {
          failure = error;
        },
      });
      let chars = 0;
      for await (const text of result.textStream) {
        if (chars === 0) onFirst?.();
        chars += text.length;
      }
      if (failure) throw failure;
      return chars;
    },
  };
}

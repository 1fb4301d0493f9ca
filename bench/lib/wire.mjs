// The bytes the mock server answers with: OpenAI Chat Completions and Anthropic Messages SSE,
// shaped like the live APIs (docs/wire-protocols.md: OpenAI, Anthropic), each event its own chunked-encoding
// frame as a provider flushes them. Built once per shape and cached, so serving a response is
// one socket write.

const LOREM =
  'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud exercitation ullamco ';

/** The text of chunk `index` (`size` characters): consecutive slices of a plain-ASCII lorem. */
export function chunkText(index, size) {
  let text = '';
  let offset = (index * size) % LOREM.length;
  while (text.length < size) {
    const piece = LOREM.slice(offset, offset + size - text.length);
    text += piece;
    offset = 0;
  }
  return text;
}

const OPENAI_BASE = {
  id: 'chatcmpl-bench0000000000000000000000',
  object: 'chat.completion.chunk',
  created: 1770000000,
  model: 'gpt-4o-mini-2024-07-18',
  service_tier: 'default',
  system_fingerprint: 'fp_bench00000',
};

/** OpenAI's chunk sequence: role chunk, one per text piece, finish, optional usage, [DONE]. */
export function openAIEvents(count, size, includeUsage) {
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta, finishReason) =>
    JSON.stringify({
      ...OPENAI_BASE,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...usageField,
      obfuscation: 'q8Zr',
    });
  const events = [chunk({ role: 'assistant', content: '', refusal: null }, null)];
  for (let i = 0; i < count; i++) events.push(chunk({ content: chunkText(i, size) }, null));
  events.push(chunk({}, 'stop'));
  if (includeUsage) {
    events.push(
      JSON.stringify({
        ...OPENAI_BASE,
        choices: [],
        usage: {
          prompt_tokens: 24,
          completion_tokens: count,
          total_tokens: 24 + count,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
        },
        obfuscation: 'x1',
      }),
    );
  }
  events.push('[DONE]');
  return events.map((data) => `data: ${data}\n\n`);
}

/**
 * An OpenAI tool-calling answer: role chunk, the call's first fragment (id, name, arguments ''),
 * then `count` argument fragments of `size` characters (together the JSON `{"text":"..."}`, as a
 * model writing a file through a tool streams it), the tool_calls finish, optional usage, [DONE].
 */
export function openAIToolEvents(count, size, includeUsage) {
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta, finishReason) =>
    JSON.stringify({
      ...OPENAI_BASE,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...usageField,
      obfuscation: 'q8Zr',
    });
  const prefix = '{"text":"';
  const suffix = '"}';
  let body = '';
  for (let i = 0; body.length < count * size - prefix.length - suffix.length; i++) {
    body += chunkText(i, size);
  }
  const args = prefix + body.slice(0, count * size - prefix.length - suffix.length) + suffix;
  const events = [
    chunk({ role: 'assistant', content: null, refusal: null }, null),
    chunk(
      {
        tool_calls: [
          {
            index: 0,
            id: 'call_bench000000000000000000',
            type: 'function',
            function: { name: 'write_file', arguments: '' },
          },
        ],
      },
      null,
    ),
  ];
  for (let i = 0; i < count; i++) {
    const piece = args.slice(i * size, (i + 1) * size);
    events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
  }
  events.push(chunk({}, 'tool_calls'));
  if (includeUsage) {
    events.push(
      JSON.stringify({
        ...OPENAI_BASE,
        choices: [],
        usage: { prompt_tokens: 60, completion_tokens: count, total_tokens: 60 + count },
        obfuscation: 'x1',
      }),
    );
  }
  events.push('[DONE]');
  return events.map((data) => `data: ${data}\n\n`);
}

/** Anthropic's named events: message_start ... content_block_delta x count ... message_stop. */
export function anthropicEvents(count, size) {
  const named = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    named('message_start', {
      message: {
        model: 'claude-haiku-4-5-20251001',
        id: 'msg_bench000000000000000000',
        type: 'message',
        role: 'assistant',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 24,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
          service_tier: 'standard',
        },
      },
    }),
    named('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    'event: ping\ndata: {"type": "ping"}\n\n',
  ];
  for (let i = 0; i < count; i++) {
    events.push(
      named('content_block_delta', {
        index: 0,
        delta: { type: 'text_delta', text: chunkText(i, size) },
      }),
    );
  }
  events.push(
    named('content_block_stop', { index: 0 }),
    named('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: count },
    }),
    named('message_stop', {}),
  );
  return events;
}

/** A complete HTTP/1.1 response: head, then each event as one chunked frame, then the last frame. */
export function sseResponse(events, extraHeaders) {
  const head =
    'HTTP/1.1 200 OK\r\n' +
    'content-type: text/event-stream; charset=utf-8\r\n' +
    'cache-control: no-cache\r\n' +
    extraHeaders +
    'connection: keep-alive\r\n' +
    'keep-alive: timeout=60\r\n' +
    'transfer-encoding: chunked\r\n\r\n';
  const parts = [Buffer.from(head, 'latin1')];
  for (const event of events) {
    const bytes = Buffer.from(event, 'utf8');
    parts.push(Buffer.from(`${bytes.length.toString(16)}\r\n`, 'latin1'), bytes, CRLF);
  }
  parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n', 'latin1');

/** A small JSON response (errors, stats) with a content length. */
export function jsonResponse(status, reason, body, extraHeaders = '') {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const head =
    `HTTP/1.1 ${status} ${reason}\r\n` +
    'content-type: application/json\r\n' +
    extraHeaders +
    'connection: keep-alive\r\n' +
    'keep-alive: timeout=60\r\n' +
    `content-length: ${bytes.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

/** Text every client must end up with for a response of `count` chunks of `size` characters. */
export function expectedLength(count, size) {
  return count * size;
}

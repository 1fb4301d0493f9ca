import type { RecordedRequest, ScriptedResponse } from './replay-server.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A deterministic small vector per text, so tests can tell which row belongs to which text. */
export function vectorFor(text: string): number[] {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1000;
  return [hash / 1000, text.length / 100, -0.5];
}

/** `vectorFor` as it reads back from base64 float32 (OpenAI's `encoding_format: 'base64'`). */
export function float32VectorFor(text: string): number[] {
  return vectorFor(text).map(Math.fround);
}

/** The base64 of a vector's little-endian float32 values, as OpenAI sends it. */
export function base64Float32(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** Token counts the stand-in providers report: one per word, at least one per text. */
export function tokensOf(texts: string[]): number {
  return texts.reduce(
    (sum, text) => sum + Math.max(1, text.split(/\s+/).filter(Boolean).length),
    0,
  );
}

type OpenAIVendor = 'openai' | 'mistral' | 'together' | 'fireworks';

/**
 * The body of an OpenAI-compatible `/embeddings` answer, as the vendors send it: OpenAI and
 * Azure (`object`, `data[{object, index, embedding}]`, `model`, `usage`), Mistral (also `id`
 * and `usage.completion_tokens`), Together (`request_id`, no usage), Fireworks. With `base64`,
 * each embedding is the base64 of its float32 values.
 */
export function openAIEmbeddingsBody(
  texts: string[],
  vendor: OpenAIVendor,
  options: { model?: string; promptTokens?: number; reverse?: boolean; base64?: boolean } = {},
): Record<string, unknown> {
  const rows = texts.map((text, index) => ({
    object: 'embedding',
    index,
    embedding: options.base64 ? base64Float32(vectorFor(text)) : vectorFor(text),
  }));
  if (options.reverse) rows.reverse();
  const promptTokens = options.promptTokens ?? tokensOf(texts);
  const body: Record<string, unknown> = {
    object: 'list',
    data: rows,
    model: options.model ?? 'text-embedding-3-small',
  };
  if (vendor === 'openai' || vendor === 'fireworks') {
    body.usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  }
  if (vendor === 'mistral') {
    body.id = '2a9c1f3e5b7d4e8f9a0b1c2d3e4f5a6b';
    body.usage = { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0 };
  }
  if (vendor === 'together') body.request_id = '8f2e7c1b-6a5d-4e3f-9b8a-7c6d5e4f3a2b';
  return body;
}

/**
 * Answers an OpenAI-compatible embeddings request with a vector for each input text, in base64
 * when the request asks for it (`encoding_format: 'base64'`).
 */
export function openAIEmbeddingsReply(
  vendor: OpenAIVendor,
  options: { reverse?: boolean } = {},
): (request: { json: unknown }) => ScriptedResponse {
  return (request) => {
    const {
      input,
      model,
      encoding_format: format,
    } = request.json as {
      input: string[];
      model: string;
      encoding_format?: string;
    };
    return {
      headers: { ...JSON_HEADERS, 'x-request-id': 'req_embed' },
      body: JSON.stringify(
        openAIEmbeddingsBody(input, vendor, { model, base64: format === 'base64', ...options }),
      ),
    };
  };
}

/** Answers an Ollama `/api/embed` request as Ollama does. */
export function ollamaEmbedReply(): (request: { json: unknown }) => ScriptedResponse {
  return (request) => {
    const { input, model } = request.json as { input: string[]; model: string };
    return {
      headers: JSON_HEADERS,
      body: JSON.stringify({
        model,
        embeddings: input.map(vectorFor),
        total_duration: 14143917,
        load_duration: 1019500,
        prompt_eval_count: tokensOf(input),
      }),
    };
  };
}

/**
 * Answers a Cohere `/v2/embed` request as Cohere does with `embedding_types: ['float']`: the
 * vectors under `embeddings.float`, the texts echoed, the billed input tokens in `meta`.
 */
export function cohereEmbedReply(): (request: { json: unknown }) => ScriptedResponse {
  return (request) => {
    const { texts } = request.json as { texts: string[] };
    return {
      headers: { ...JSON_HEADERS, 'x-request-id': '2b6d8f1e-4a3c-4e5f-9a7b-1c2d3e4f5a6b' },
      body: JSON.stringify({
        id: '5d3f1c9e-7b2a-4c8d-9e6f-0a1b2c3d4e5f',
        embeddings: { float: texts.map(vectorFor) },
        texts,
        meta: { api_version: { version: '2' }, billed_units: { input_tokens: tokensOf(texts) } },
        response_type: 'embeddings_by_type',
      }),
    };
  };
}

/**
 * Answers a Gemini `:batchEmbedContents` request: one `{ values }` per request, in order;
 * `usageMetadata` only when asked (older models send none).
 */
export function geminiBatchEmbedReply(
  options: { usage?: boolean } = {},
): (request: { json: unknown }) => ScriptedResponse {
  return (request) => {
    const { requests } = request.json as {
      requests: Array<{ content: { parts: Array<{ text: string }> } }>;
    };
    const texts = requests.map((entry) => entry.content.parts.map((part) => part.text).join(''));
    const body: Record<string, unknown> = {
      embeddings: texts.map((text) => ({ values: vectorFor(text) })),
    };
    if (options.usage) body.usageMetadata = { promptTokenCount: tokensOf(texts) };
    return { headers: JSON_HEADERS, body: JSON.stringify(body) };
  };
}

/** Answers a Bedrock InvokeModel request for Titan Text Embeddings V2 (one `inputText`). */
export function bedrockTitanReply(): (request: { json: unknown }) => ScriptedResponse {
  return (request) => {
    const { inputText } = request.json as { inputText: string };
    const vector = vectorFor(inputText);
    return {
      headers: { ...JSON_HEADERS, 'x-amzn-requestid': '7e3b1f0a-2c4d-4e6f-8a9b-0c1d2e3f4a5b' },
      body: JSON.stringify({
        embedding: vector,
        embeddingsByType: { float: vector },
        inputTextTokenCount: tokensOf([inputText]),
      }),
    };
  };
}

/**
 * Answers a Bedrock InvokeModel request for Cohere Embed: Cohere's body without usage (the
 * token count comes in `x-amzn-bedrock-input-token-count`).
 */
export function bedrockCohereReply(): (request: { json: unknown }) => ScriptedResponse {
  return (request) => {
    const { texts } = request.json as { texts: string[] };
    return {
      headers: {
        ...JSON_HEADERS,
        'x-amzn-requestid': '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        'x-amzn-bedrock-input-token-count': String(tokensOf(texts)),
        'x-amzn-bedrock-invocation-latency': '112',
      },
      body: JSON.stringify({
        id: '9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
        embeddings: { float: texts.map(vectorFor) },
        response_type: 'embeddings_by_type',
        texts,
      }),
    };
  };
}

/** Answers any embeddings request in its provider's format, told apart by the path. */
export function embeddingsReply(request: RecordedRequest): ScriptedResponse | undefined {
  const path = request.url.split('?')[0] ?? '';
  if (path.endsWith('/embeddings')) return openAIEmbeddingsReply('openai')(request);
  if (path === '/api/embed') return ollamaEmbedReply()(request);
  if (path.endsWith('/v2/embed')) return cohereEmbedReply()(request);
  if (path.endsWith(':batchEmbedContents')) return geminiBatchEmbedReply()(request);
  if (path.endsWith('/invoke')) {
    return path.includes('titan') ? bedrockTitanReply()(request) : bedrockCohereReply()(request);
  }
  return undefined;
}

import type { ScriptedResponse } from './replay-server.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A deterministic small vector per text, so tests can tell which row belongs to which text. */
export function vectorFor(text: string): number[] {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1000;
  return [hash / 1000, text.length / 100, -0.5];
}

/**
 * The body of an OpenAI-compatible `/embeddings` answer, as the vendors send it: OpenAI and
 * Azure (`object`, `data[{object, index, embedding}]`, `model`, `usage`), Mistral (also `id`
 * and `usage.completion_tokens`), Together (`request_id`, no usage), Fireworks.
 */
export function openAIEmbeddingsBody(
  texts: string[],
  vendor: 'openai' | 'mistral' | 'together' | 'fireworks',
  options: { model?: string; promptTokens?: number; reverse?: boolean } = {},
): Record<string, unknown> {
  const rows = texts.map((text, index) => ({
    object: 'embedding',
    index,
    embedding: vectorFor(text),
  }));
  if (options.reverse) rows.reverse();
  const promptTokens = options.promptTokens ?? texts.length * 4;
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

/** Answers an OpenAI-compatible embeddings request with a vector for each input text. */
export function openAIEmbeddingsReply(
  vendor: 'openai' | 'mistral' | 'together' | 'fireworks',
  options: { reverse?: boolean } = {},
): (request: { json: unknown }) => ScriptedResponse {
  return (request) => {
    const { input, model } = request.json as { input: string[]; model: string };
    return {
      headers: { ...JSON_HEADERS, 'x-request-id': 'req_embed' },
      body: JSON.stringify(openAIEmbeddingsBody(input, vendor, { model, ...options })),
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
        prompt_eval_count: input.length * 3,
      }),
    };
  };
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createEmbeddings,
  type EmbeddingInputType,
  type EmbeddingsFinishInfo,
  type EmbeddingsOptions,
} from '../../src/index.js';
import { clearAwsEnv } from '../servers/aws-env.js';
import {
  bedrockCohereReply,
  bedrockTitanReply,
  cohereEmbedReply,
  float32VectorFor,
  geminiBatchEmbedReply,
  ollamaEmbedReply,
  openAIEmbeddingsReply,
  tokensOf,
  vectorFor,
} from '../servers/embeddings.js';
import type { RecordedRequest, ScriptedResponse } from '../servers/replay-server.js';
import { verifyReceivedSignature } from '../servers/sigv4.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const replay = useReplayServer();
beforeEach(() => clearAwsEnv());
afterEach(() => vi.unstubAllEnvs());

const KEY = 'sk-test-embeddings-0123456789';
const ACCESS_KEY_ID = 'AKIDEMBEDDINGS000001';
const SECRET_ACCESS_KEY = 'embeddings-secret-access-key-0123456789';
const TEXTS = ['Paris is in France.', 'Plants need light.', 'Refunds take five working days.'];

/**
 * One provider path as a user calls it, and what its documented API must receive: the path, the
 * auth, the body for a batch (with `dimensions: 3`, the stand-in vectors' length), the vectors
 * and the usage it reports.
 */
interface PathTarget {
  label: string;
  options: (url: string) => EmbeddingsOptions;
  reply: (request: RecordedRequest) => ScriptedResponse;
  path: string;
  checkAuth: (request: RecordedRequest) => void;
  /** The exact body for these texts, with the provider's value of the input type. */
  body: (texts: string[], inputType: EmbeddingInputType) => unknown;
  /** Texts per request (Titan: one). */
  perRequest?: number;
  vectors: (texts: string[]) => number[][];
  /** Undefined: the provider reports no usage. */
  usage: (texts: string[]) => number | undefined;
}

const bearer = (request: RecordedRequest) =>
  expect(request.headers.authorization).toBe(`Bearer ${KEY}`);

function expectSigV4(request: RecordedRequest): void {
  const { parsed, expected, received } = verifyReceivedSignature(request, SECRET_ACCESS_KEY);
  expect(received).toBe(expected);
  expect(parsed.service).toBe('bedrock');
  expect(parsed.region).toBe('eu-central-1');
  expect(parsed.accessKeyId).toBe(ACCESS_KEY_ID);
}

const bedrockOptions = {
  region: 'eu-central-1',
  credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
};

const COHERE_TYPES = { document: 'search_document', query: 'search_query' };
const GEMINI_TYPES = { document: 'RETRIEVAL_DOCUMENT', query: 'RETRIEVAL_QUERY' };

const TARGETS: PathTarget[] = [
  {
    label: 'openai',
    options: (url) => ({ model: 'text-embedding-3-small', apiKey: KEY, baseUrl: `${url}/v1` }),
    reply: openAIEmbeddingsReply('openai', { reverse: true }),
    path: '/v1/embeddings',
    checkAuth: bearer,
    body: (texts) => ({
      model: 'text-embedding-3-small',
      input: texts,
      dimensions: 3,
      encoding_format: 'base64',
    }),
    vectors: (texts) => texts.map(float32VectorFor),
    usage: tokensOf,
  },
  {
    label: 'azure',
    options: (url) => ({
      model: 'text-embedding-3-large',
      provider: 'azure',
      apiKey: KEY,
      providerOptions: { endpoint: url, deployment: 'emb-large', apiVersion: '2024-10-21' },
    }),
    reply: openAIEmbeddingsReply('openai'),
    path: '/openai/deployments/emb-large/embeddings?api-version=2024-10-21',
    checkAuth: (request) => {
      expect(request.headers['api-key']).toBe(KEY);
      expect(request.headers.authorization).toBeUndefined();
    },
    body: (texts) => ({
      model: 'text-embedding-3-large',
      input: texts,
      dimensions: 3,
      encoding_format: 'base64',
    }),
    vectors: (texts) => texts.map(float32VectorFor),
    usage: tokensOf,
  },
  {
    label: 'mistral',
    options: (url) => ({ model: 'mistral-embed', apiKey: KEY, baseUrl: `${url}/v1` }),
    reply: openAIEmbeddingsReply('mistral'),
    path: '/v1/embeddings',
    checkAuth: bearer,
    body: (texts) => ({ model: 'mistral-embed', input: texts, output_dimension: 3 }),
    vectors: (texts) => texts.map(vectorFor),
    usage: tokensOf,
  },
  {
    label: 'together',
    options: (url) => ({
      model: 'BAAI/bge-base-en-v1.5',
      provider: 'together',
      apiKey: KEY,
      baseUrl: `${url}/v1`,
    }),
    reply: openAIEmbeddingsReply('together'),
    path: '/v1/embeddings',
    checkAuth: bearer,
    body: (texts) => ({ model: 'BAAI/bge-base-en-v1.5', input: texts, dimensions: 3 }),
    vectors: (texts) => texts.map(vectorFor),
    usage: () => undefined,
  },
  {
    label: 'fireworks',
    options: (url) => ({
      model: 'nomic-ai/nomic-embed-text-v1.5',
      provider: 'fireworks',
      apiKey: KEY,
      baseUrl: `${url}/inference/v1`,
    }),
    reply: openAIEmbeddingsReply('fireworks'),
    path: '/inference/v1/embeddings',
    checkAuth: bearer,
    body: (texts) => ({ model: 'nomic-ai/nomic-embed-text-v1.5', input: texts, dimensions: 3 }),
    vectors: (texts) => texts.map(vectorFor),
    usage: tokensOf,
  },
  {
    label: 'cohere',
    options: (url) => ({ model: 'embed-v4.0', apiKey: KEY, baseUrl: url }),
    reply: cohereEmbedReply(),
    path: '/v2/embed',
    checkAuth: bearer,
    body: (texts, inputType) => ({
      model: 'embed-v4.0',
      texts,
      input_type: COHERE_TYPES[inputType],
      embedding_types: ['float'],
      output_dimension: 3,
    }),
    vectors: (texts) => texts.map(vectorFor),
    usage: tokensOf,
  },
  {
    label: 'gemini',
    options: (url) => ({ model: 'gemini-embedding-001', apiKey: KEY, baseUrl: `${url}/v1beta` }),
    reply: geminiBatchEmbedReply({ usage: true }),
    path: '/v1beta/models/gemini-embedding-001:batchEmbedContents',
    checkAuth: (request) => {
      expect(request.headers['x-goog-api-key']).toBe(KEY);
      expect(request.url).not.toContain(KEY);
    },
    body: (texts, inputType) => ({
      requests: texts.map((text) => ({
        model: 'models/gemini-embedding-001',
        content: { parts: [{ text }] },
        taskType: GEMINI_TYPES[inputType],
        outputDimensionality: 3,
      })),
    }),
    vectors: (texts) => texts.map(vectorFor),
    usage: tokensOf,
  },
  {
    label: 'ollama',
    options: (url) => ({ model: 'nomic-embed-text', provider: 'ollama', baseUrl: url }),
    reply: ollamaEmbedReply(),
    path: '/api/embed',
    checkAuth: (request) => expect(request.headers.authorization).toBeUndefined(),
    body: (texts) => ({ model: 'nomic-embed-text', input: texts, dimensions: 3 }),
    vectors: (texts) => texts.map(vectorFor),
    usage: tokensOf,
  },
  {
    label: 'bedrock (Titan Text Embeddings v2)',
    options: (url) => ({
      model: 'amazon.titan-embed-text-v2:0',
      baseUrl: url,
      providerOptions: bedrockOptions,
    }),
    reply: bedrockTitanReply(),
    path: '/model/amazon.titan-embed-text-v2%3A0/invoke',
    checkAuth: expectSigV4,
    body: ([text]) => ({ inputText: text, dimensions: 3 }),
    perRequest: 1,
    vectors: (texts) => texts.map(vectorFor),
    usage: tokensOf,
  },
  {
    label: 'bedrock (Cohere Embed v4)',
    options: (url) => ({
      model: 'cohere.embed-v4:0',
      baseUrl: url,
      providerOptions: bedrockOptions,
    }),
    reply: bedrockCohereReply(),
    path: '/model/cohere.embed-v4%3A0/invoke',
    checkAuth: expectSigV4,
    body: (texts, inputType) => ({
      texts,
      input_type: COHERE_TYPES[inputType],
      embedding_types: ['float'],
      output_dimension: 3,
    }),
    vectors: (texts) => texts.map(vectorFor),
    usage: tokensOf,
  },
];

describe.each(TARGETS)('createEmbeddings: $label', (target) => {
  const embed = async (inputType: EmbeddingInputType) => {
    replay().always(target.reply);
    const model = createEmbeddings({ ...target.options(replay().url), dimensions: 3 });
    const finishes: EmbeddingsFinishInfo[] = [];
    const vectors = await model.embed(TEXTS, {
      inputType,
      onFinish: (info) => finishes.push(info),
    });
    return { model, vectors, finishes };
  };

  it('sends the documented request and gets one vector per text, in input order', async () => {
    const { model, vectors, finishes } = await embed('document');
    expect(vectors).toEqual(target.vectors(TEXTS));
    const perRequest = target.perRequest ?? TEXTS.length;
    const requests = replay().requests;
    expect(requests).toHaveLength(TEXTS.length / perRequest);
    // Requests of one call may run concurrently, so match each body to its texts.
    const sent = requests.map((request) => {
      expect(request.method).toBe('POST');
      expect(request.url).toBe(target.path);
      expect(request.headers['content-type']).toBe('application/json');
      target.checkAuth(request);
      return request.json;
    });
    const expected = Array.from({ length: requests.length }, (_, index) =>
      target.body(TEXTS.slice(index * perRequest, (index + 1) * perRequest), 'document'),
    );
    expect(sent).toEqual(expect.arrayContaining(expected));
    expect(sent).toHaveLength(expected.length);

    const tokens = target.usage(TEXTS);
    expect(finishes).toEqual([
      {
        usage: { input: tokens ?? 0, reported: tokens !== undefined },
        cached: 0,
        requests: requests.length,
      },
    ]);
    expect(model.tokensUsed).toEqual({ input: tokens ?? 0 });
  });

  it('sends the query input type where the provider has one', async () => {
    await embed('query');
    const expected = target.body(TEXTS.slice(0, target.perRequest ?? TEXTS.length), 'query');
    expect(replay().requests.map((request) => request.json)).toContainEqual(expected);
  });
});

describe('createEmbeddings: provider quirks', () => {
  it('OpenAI: rows come back in any order and are placed by index; float rows are read too', async () => {
    replay().always(openAIEmbeddingsReply('openai', { reverse: true }));
    const model = createEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: KEY,
      baseUrl: `${replay().url}/v1`,
      extraBody: { encoding_format: 'float', user: 'u-1' },
    });
    expect(await model.embed(TEXTS)).toEqual(TEXTS.map(vectorFor));
    expect(replay().lastRequest.json).toEqual({
      model: 'text-embedding-3-small',
      input: TEXTS,
      encoding_format: 'float',
      user: 'u-1',
    });
  });

  it('OpenAI: a local server behind baseUrl with its own model gets no encoding_format', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    const model = createEmbeddings({
      model: 'all-minilm',
      provider: 'openai',
      apiKey: '',
      baseUrl: `${replay().url}/v1`,
    });
    expect(await model.embedOne('x')).toEqual(vectorFor('x'));
    expect(replay().lastRequest.json).toEqual({ model: 'all-minilm', input: ['x'] });
    expect(replay().lastRequest.headers.authorization).toBeUndefined();
  });

  it('OpenAI: organization and project headers from providerOptions or the env', async () => {
    replay().always(openAIEmbeddingsReply('openai'));
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj_from_env');
    const model = createEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: KEY,
      baseUrl: `${replay().url}/v1`,
      providerOptions: { organization: 'org-123' },
    });
    await model.embedOne('x');
    expect(replay().lastRequest.headers['openai-organization']).toBe('org-123');
    expect(replay().lastRequest.headers['openai-project']).toBe('proj_from_env');
  });

  it('Cohere: a call without an input type embeds documents; the key may come from CO_API_KEY', async () => {
    replay().always(cohereEmbedReply());
    vi.stubEnv('COHERE_API_KEY', undefined);
    vi.stubEnv('CO_API_KEY', 'co-key-from-env-123456');
    await createEmbeddings({ model: 'embed-english-v3.0', baseUrl: replay().url }).embed(['x']);
    expect(replay().lastRequest.json).toMatchObject({ input_type: 'search_document' });
    expect(replay().lastRequest.headers.authorization).toBe('Bearer co-key-from-env-123456');
  });

  it('Gemini: no taskType without an input type; extraBody goes into each request; no usage is reported: false', async () => {
    replay().always(geminiBatchEmbedReply());
    const finishes: EmbeddingsFinishInfo[] = [];
    const model = createEmbeddings({
      model: 'text-embedding-004',
      apiKey: KEY,
      baseUrl: `${replay().url}/v1beta`,
      extraBody: { taskType: 'CLUSTERING' },
    });
    expect(await model.embed(['a', 'b'], { onFinish: (info) => finishes.push(info) })).toEqual([
      vectorFor('a'),
      vectorFor('b'),
    ]);
    expect(replay().lastRequest.json).toEqual({
      requests: ['a', 'b'].map((text) => ({
        model: 'models/text-embedding-004',
        content: { parts: [{ text }] },
        taskType: 'CLUSTERING',
      })),
    });
    expect(finishes[0]?.usage).toEqual({ input: 0, reported: false });
  });

  it('Ollama: the host from OLLAMA_HOST, a key as Bearer', async () => {
    replay().always(ollamaEmbedReply());
    vi.stubEnv('OLLAMA_HOST', replay().url.replace('http://', ''));
    const model = createEmbeddings({
      model: 'all-minilm',
      provider: 'ollama',
      apiKey: 'ollama-key',
    });
    expect(model.endpoint).toBe(`${replay().url}/api/embed`);
    await model.embedOne('x');
    expect(replay().lastRequest.headers.authorization).toBe('Bearer ollama-key');
  });

  it('Bedrock: a Bedrock API key instead of SigV4, and an inference-profile id', async () => {
    replay().always(bedrockCohereReply());
    const model = createEmbeddings({
      model: 'us.cohere.embed-v4:0',
      apiKey: 'bedrock-api-key-0123456789',
      baseUrl: replay().url,
    });
    expect(model.provider).toBe('bedrock');
    await model.embed(['x']);
    const request = replay().lastRequest;
    expect(request.url).toBe('/model/us.cohere.embed-v4%3A0/invoke');
    expect(request.headers.authorization).toBe('Bearer bedrock-api-key-0123456789');
    expect(request.headers['x-amz-date']).toBeUndefined();
  });

  it('Bedrock: credentials from a credentialProvider are asked before every request and scrubbed', async () => {
    replay().always(bedrockTitanReply());
    let calls = 0;
    const model = createEmbeddings({
      model: 'amazon.titan-embed-text-v2:0',
      baseUrl: replay().url,
      providerOptions: {
        region: 'eu-central-1',
        credentialProvider: async () => {
          calls++;
          return { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };
        },
      },
    });
    expect(await model.embed(['a', 'b'])).toEqual([vectorFor('a'), vectorFor('b')]);
    expect(calls).toBe(2);
    for (const request of replay().requests) expectSigV4(request);
  });
});

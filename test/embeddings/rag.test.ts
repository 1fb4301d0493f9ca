import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmbeddings, RAG, Retriever } from '../../src/index.js';
import { cohereEmbedReply, geminiBatchEmbedReply } from '../servers/embeddings.js';
import { openAIStream } from '../servers/openai-chat.js';
import type { RecordedRequest } from '../servers/replay-server.js';
import { useReplayServer } from '../servers/use-replay-server.js';

const replay = useReplayServer();
afterEach(() => vi.unstubAllEnvs());

const PARIS = 'Paris is the capital and largest city of France, on the river Seine.';
const PLANTS = 'Photosynthesis is how plants use sunlight, water and carbon dioxide.';

const bodyOf = (request: RecordedRequest) => request.json as Record<string, unknown>;

describe('RAG with createEmbeddings', () => {
  it("retrieves with Cohere vectors: documents as 'search_document', the question as 'search_query'", async () => {
    vi.stubEnv('COHERE_API_KEY', 'co-test-key-0123456789');
    replay().always((request) =>
      request.url === '/v2/embed'
        ? cohereEmbedReply()(request)
        : openAIStream(['Paris.'], {
            usage: { prompt_tokens: 40, completion_tokens: 2, total_tokens: 42 },
          }),
    );
    const embeddings = createEmbeddings({ model: 'embed-v4.0', baseUrl: replay().url });
    expect(embeddings.provider).toBe('cohere');
    const rag = new RAG({
      model: 'gpt-4o-mini',
      apiKey: 'sk-rag-key-0123456789',
      baseUrl: `${replay().url}/v1`,
      retrievalTopK: 1,
      embeddings,
    });
    await rag.addDocuments([{ text: PARIS }, { text: PLANTS }]);
    expect(await rag.ask('What is the capital of France?')).toBe('Paris.');

    const [documents, question, chat] = replay().requests;
    expect(documents?.url).toBe('/v2/embed');
    expect(bodyOf(documents!)).toEqual({
      model: 'embed-v4.0',
      texts: [PARIS, PLANTS],
      input_type: 'search_document',
      embedding_types: ['float'],
    });
    expect(question?.url).toBe('/v2/embed');
    expect(bodyOf(question!)).toEqual({
      model: 'embed-v4.0',
      texts: ['What is the capital of France?'],
      input_type: 'search_query',
      embedding_types: ['float'],
    });
    expect(question?.headers.authorization).toBe('Bearer co-test-key-0123456789');
    expect(chat?.url).toBe('/v1/chat/completions');
    expect(JSON.stringify(chat?.json)).toContain('river Seine');
    await embeddings.close();
  });

  it('a Retriever with Gemini embeddings sends RETRIEVAL_DOCUMENT then RETRIEVAL_QUERY', async () => {
    replay().always(geminiBatchEmbedReply());
    const embeddings = createEmbeddings({
      model: 'gemini-embedding-001',
      apiKey: 'gemini-key-0123456789',
      baseUrl: replay().url,
    });
    const retriever = new Retriever({ embeddings });
    await retriever.add([{ text: PARIS, metadata: {} }]);
    const [hit] = await retriever.retrieve('capital of France', { topK: 1 });
    expect(hit?.text).toBe(PARIS);
    const taskTypes = replay().requests.map(
      (request) => (bodyOf(request).requests as Array<{ taskType: string }>)[0]?.taskType,
    );
    expect(taskTypes).toEqual(['RETRIEVAL_DOCUMENT', 'RETRIEVAL_QUERY']);
  });
});

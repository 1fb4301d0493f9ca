import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  MediaDownloadError,
  type FilePart,
  type ImagePart,
  type Message,
  type ProviderName,
} from '../../src/index.js';
import { useReplayServer } from '../servers/use-replay-server.js';
import { WIRE_TARGETS, type WireTarget } from './media-targets.js';

/** A PNG's signature and the start of its IHDR chunk: what sniffing reads. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00,
]);
const PNG_BASE64 = Buffer.from(PNG).toString('base64');
const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PDF_BASE64 = Buffer.from(PDF).toString('base64');
/** Served by the configured fetch below, never by the network. */
const IMAGE_URL = 'https://images.example.com/cat.png';
const PDF_URL = 'https://files.example.com/report.pdf';

/** The configured `fetch`: serves the two example URLs, counts them, passes the rest on. */
function servingFetch(): { fetch: typeof fetch; fetched: string[] } {
  const fetched: string[] = [];
  const serve: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === IMAGE_URL || url === PDF_URL) {
      fetched.push(url);
      const [body, type] = url === IMAGE_URL ? [PNG, 'image/png'] : [PDF, 'application/pdf'];
      return Promise.resolve(new Response(body, { headers: { 'content-type': type } }));
    }
    return globalThis.fetch(input, init);
  };
  return { fetch: serve, fetched };
}

type Ref = { url: string } | { base64: string; mediaType: string };

/** Each provider's documented image part, for a URL it takes or inline content. */
const IMAGE_SHAPES: Partial<Record<ProviderName, (ref: Ref) => unknown>> = {
  anthropic: (ref) => ({
    type: 'image',
    source:
      'url' in ref
        ? { type: 'url', url: ref.url }
        : { type: 'base64', media_type: ref.mediaType, data: ref.base64 },
  }),
  gemini: (ref) =>
    'url' in ref
      ? { fileData: { fileUri: ref.url, mimeType: 'image/png' } }
      : { inlineData: { mimeType: ref.mediaType, data: ref.base64 } },
  ollama: (ref) => ('url' in ref ? ref.url : ref.base64),
  bedrock: (ref) => ({
    image: { format: 'png', source: { bytes: 'base64' in ref && ref.base64 } },
  }),
};
const imageUrlPart = (ref: Ref): unknown => ({
  type: 'image_url',
  image_url: { url: 'url' in ref ? ref.url : `data:${ref.mediaType};base64,${ref.base64}` },
});

/** Providers that take images; the rest refuse them. */
const TAKES_IMAGES: ProviderName[] = [
  'openai',
  'azure',
  'groq',
  'openrouter',
  'together',
  'fireworks',
  'perplexity',
  'mistral',
  'anthropic',
  'gemini',
  'cohere',
  'ollama',
  'bedrock',
];
/** Providers that download every image URL (their API takes none) and send the bytes. */
const DOWNLOADS_IMAGE_URLS: ProviderName[] = ['ollama', 'bedrock', 'gemini'];

const ENCODINGS: Array<[string, ImagePart]> = [
  ['bytes', { type: 'image', image: PNG }],
  ['base64 with mediaType', { type: 'image', image: PNG_BASE64, mediaType: 'image/png' }],
  ['a data URL', { type: 'image', image: PNG_DATA_URL }],
  ['base64 without mediaType (sniffed)', { type: 'image', image: PNG_BASE64 }],
];

const ask = (part: ImagePart | FilePart): Message[] => [
  { role: 'user', content: [{ type: 'text', text: 'What is this?' }, part] },
];

describe('image parts on every provider that takes them', () => {
  const server = useReplayServer();
  const body = (): Record<string, unknown> => server().lastRequest.json as Record<string, unknown>;

  for (const provider of TAKES_IMAGES) {
    const target: WireTarget = WIRE_TARGETS[provider];
    const shape = IMAGE_SHAPES[provider] ?? imageUrlPart;

    describe(provider, () => {
      for (const [encoding, part] of ENCODINGS) {
        it(`a PNG as ${encoding} is the documented inline part`, async () => {
          server().enqueue(target.ok());
          await target.create(server()).generateWithMessages(ask(part));
          const parts = target.userParts(body());
          expect(parts[parts.length - 1]).toEqual(
            shape({ base64: PNG_BASE64, mediaType: 'image/png' }),
          );
        });
      }

      if (DOWNLOADS_IMAGE_URLS.includes(provider)) {
        it('an https URL is fetched once through the configured fetch and sent as bytes', async () => {
          const { fetch, fetched } = servingFetch();
          server().enqueue(target.ok());
          await target
            .create(server(), { fetch })
            .generateWithMessages(ask({ type: 'image', image: new URL(IMAGE_URL) }));
          expect(fetched).toEqual([IMAGE_URL]);
          const parts = target.userParts(body());
          expect(parts[parts.length - 1]).toEqual(
            shape({ base64: PNG_BASE64, mediaType: 'image/png' }),
          );
        });
      } else {
        it('an https URL is sent as the URL, never downloaded', async () => {
          const { fetch, fetched } = servingFetch();
          server().enqueue(target.ok());
          await target
            .create(server(), { fetch })
            .generateWithMessages(ask({ type: 'image', image: IMAGE_URL }));
          expect(fetched).toEqual([]);
          const parts = target.userParts(body());
          expect(parts[parts.length - 1]).toEqual(shape({ url: IMAGE_URL }));
        });
      }
    });
  }

  it('Gemini sends a Files API URI as fileData, without downloading it', async () => {
    const uri = 'https://generativelanguage.googleapis.com/v1beta/files/abc123';
    const { fetch, fetched } = servingFetch();
    server().enqueue(WIRE_TARGETS.gemini.ok());
    await WIRE_TARGETS.gemini
      .create(server(), { fetch })
      .generateWithMessages(ask({ type: 'image', image: uri, mediaType: 'image/png' }));
    expect(fetched).toEqual([]);
    const parts = WIRE_TARGETS.gemini.userParts(body());
    expect(parts[1]).toEqual({ fileData: { fileUri: uri, mimeType: 'image/png' } });
  });

  for (const provider of ['deepseek', 'cerebras'] as const) {
    it(`${provider} refuses an image before any request, naming itself and the part`, async () => {
      const error: unknown = await WIRE_TARGETS[provider]
        .create(server())
        .generateWithMessages(ask({ type: 'image', image: PNG }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(new RegExp(`^${provider} cannot take image`));
      expect((error as ConfigError).message).toContain('messages[0].content[1]');
      expect(server().requests).toHaveLength(0);
    });
  }

  it('a URL appearing twice is downloaded once; a retry does not download again', async () => {
    const { fetch, fetched } = servingFetch();
    server().enqueue({ status: 503, body: '{"error":"busy"}' });
    server().enqueue(WIRE_TARGETS.ollama.ok());
    await WIRE_TARGETS.ollama
      .create(server(), { fetch, maxRetries: 1, retryDelay: 0.01 })
      .generateWithMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Same?' },
            { type: 'image', image: IMAGE_URL },
            { type: 'image', image: IMAGE_URL },
          ],
        },
      ]);
    expect(fetched).toEqual([IMAGE_URL]);
    expect(server().requests).toHaveLength(2);
    expect(WIRE_TARGETS.ollama.userParts(body())).toEqual([PNG_BASE64, PNG_BASE64]);
  });
});

describe('PDF file parts', () => {
  const server = useReplayServer();
  const body = (): Record<string, unknown> => server().lastRequest.json as Record<string, unknown>;
  const pdf: FilePart = {
    type: 'file',
    data: PDF,
    mediaType: 'application/pdf',
    filename: 'report.pdf',
  };
  const dataUrl = `data:application/pdf;base64,${PDF_BASE64}`;

  const shapes: Array<[ProviderName, unknown]> = [
    ['openai', { type: 'file', file: { filename: 'report.pdf', file_data: dataUrl } }],
    ['azure', { type: 'file', file: { filename: 'report.pdf', file_data: dataUrl } }],
    ['openrouter', { type: 'file', file: { filename: 'report.pdf', file_data: dataUrl } }],
    ['perplexity', { type: 'file_url', file_url: { url: PDF_BASE64 }, file_name: 'report.pdf' }],
    [
      'anthropic',
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: PDF_BASE64 },
        title: 'report.pdf',
      },
    ],
    ['gemini', { inlineData: { mimeType: 'application/pdf', data: PDF_BASE64 } }],
    ['mistral', { type: 'document_url', document_url: dataUrl, document_name: 'report.pdf' }],
    ['bedrock', { document: { format: 'pdf', name: 'report', source: { bytes: PDF_BASE64 } } }],
  ];
  for (const [provider, shape] of shapes) {
    it(`reaches ${provider} in its documented shape`, async () => {
      const target = WIRE_TARGETS[provider];
      server().enqueue(target.ok());
      await target.create(server()).generateWithMessages(ask(pdf));
      const parts = target.userParts(body());
      expect(parts[parts.length - 1]).toEqual(shape);
    });
  }

  it('OpenAI takes no PDF URL: it is downloaded once and sent as file_data', async () => {
    const { fetch, fetched } = servingFetch();
    server().enqueue(WIRE_TARGETS.openai.ok());
    await WIRE_TARGETS.openai
      .create(server(), { fetch })
      .generateWithMessages(ask({ type: 'file', data: PDF_URL, mediaType: 'application/pdf' }));
    expect(fetched).toEqual([PDF_URL]);
    const parts = WIRE_TARGETS.openai.userParts(body());
    expect(parts[1]).toEqual({
      type: 'file',
      file: { filename: 'document-2.pdf', file_data: dataUrl },
    });
  });

  it('Anthropic and Mistral take a PDF URL as it is', async () => {
    for (const [provider, shape] of [
      ['anthropic', { type: 'document', source: { type: 'url', url: PDF_URL } }],
      ['mistral', { type: 'document_url', document_url: PDF_URL }],
    ] as const) {
      server().enqueue(WIRE_TARGETS[provider].ok());
      await WIRE_TARGETS[provider]
        .create(server())
        .generateWithMessages(ask({ type: 'file', data: PDF_URL, mediaType: 'application/pdf' }));
      expect(WIRE_TARGETS[provider].userParts(body())[1]).toEqual(shape);
    }
  });

  for (const provider of ['ollama', 'cohere', 'groq', 'deepseek'] as const) {
    it(`${provider} refuses a PDF before any request, naming itself and the part`, async () => {
      const error: unknown = await WIRE_TARGETS[provider]
        .create(server())
        .generateWithMessages(ask(pdf))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(
        new RegExp(
          `^${provider} cannot take application/pdf files \\(messages\\[0\\]\\.content\\[1\\]\\)`,
        ),
      );
      expect(server().requests).toHaveLength(0);
    });
  }

  it('Bedrock refuses a document type Converse cannot carry, naming the type', async () => {
    const error: unknown = await WIRE_TARGETS.bedrock
      .create(server())
      .generateWithMessages(ask({ type: 'file', data: PDF_BASE64, mediaType: 'application/zip' }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^bedrock cannot take application\/zip/);
    expect(server().requests).toHaveLength(0);
  });
});

describe('media types sniffed from the first bytes when mediaType is missing', () => {
  const server = useReplayServer();
  const signatures: Array<[string, number[]]> = [
    ['image/png', [...PNG]],
    ['image/jpeg', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]],
    ['image/gif', [...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0, 0]],
    [
      'image/webp',
      [...new TextEncoder().encode('RIFF'), 36, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8 ')],
    ],
    ['application/pdf', [...PDF]],
  ];
  for (const [mediaType, bytes] of signatures) {
    it(`${mediaType}, from bytes and from base64`, async () => {
      server().always(WIRE_TARGETS.gemini.ok());
      const base64 = Buffer.from(bytes).toString('base64');
      for (const data of [Uint8Array.from(bytes), base64]) {
        const part: ImagePart | FilePart = mediaType.startsWith('image/')
          ? { type: 'image', image: data }
          : { type: 'file', data, mediaType: '' };
        await WIRE_TARGETS.gemini.create(server()).generateWithMessages(ask(part));
        const parts = WIRE_TARGETS.gemini.userParts(
          server().lastRequest.json as Record<string, unknown>,
        );
        expect(parts[1]).toEqual({ inlineData: { mimeType: mediaType, data: base64 } });
      }
    });
  }
});

describe('downloads: bounded, http(s) only, failures typed', () => {
  const server = useReplayServer();
  const images = useReplayServer();
  const MB = 1024 * 1024;

  /** A configured fetch serving an endless-looking 30 MB image, counting what is read. */
  function hugeImage(announce: boolean): { fetch: typeof fetch; read: () => number } {
    let read = 0;
    const size = 30 * MB;
    const chunk = new Uint8Array(MB);
    chunk.set(PNG);
    const serve: typeof fetch = () => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (read >= size) return controller.close();
          read += chunk.length;
          controller.enqueue(chunk.slice());
        },
      });
      const headers: Record<string, string> = { 'content-type': 'image/png' };
      if (announce) headers['content-length'] = String(size);
      return Promise.resolve(new Response(body, { headers }));
    };
    return { fetch: serve, read: () => read };
  }

  it('a 30 MB image URL fails with a ConfigError after reading at most the 20 MB cap', async () => {
    const huge = hugeImage(false);
    const error: unknown = await WIRE_TARGETS.bedrock
      .create(server(), { fetch: huge.fetch })
      .generateWithMessages(ask({ type: 'image', image: IMAGE_URL }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /https:\/\/images\.example\.com\/cat\.png is larger than maxDownloadBytes \(20971520 bytes, 20 MB\)/,
    );
    // At most the cap, plus the one network chunk that crossed it (and one read ahead).
    expect(huge.read()).toBeLessThanOrEqual(22 * MB);
    expect(server().requests).toHaveLength(0);
  });

  it('an announced content-length over the cap fails before the body is read', async () => {
    const huge = hugeImage(true);
    const error: unknown = await WIRE_TARGETS.ollama
      .create(server(), { fetch: huge.fetch, maxDownloadBytes: 10 * MB })
      .generateWithMessages(ask({ type: 'image', image: IMAGE_URL }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/announced 31457280 bytes/);
    expect(huge.read()).toBeLessThanOrEqual(2 * MB);
    expect(server().requests).toHaveLength(0);
  });

  it('a real http download: one GET to the image server, then the provider request', async () => {
    images().enqueue({ headers: { 'content-type': 'image/png' }, body: PNG });
    server().enqueue(WIRE_TARGETS.bedrock.ok());
    await WIRE_TARGETS.bedrock
      .create(server())
      .generateWithMessages(ask({ type: 'image', image: `${images().url}/cat.png?sig=secret` }));
    expect(images().requests.map((request) => [request.method, request.url])).toEqual([
      ['GET', '/cat.png?sig=secret'],
    ]);
    expect(images().requests[0]!.headers.authorization).toBeUndefined();
    const parts = WIRE_TARGETS.bedrock.userParts(
      server().lastRequest.json as Record<string, unknown>,
    );
    expect(parts[1]).toEqual({ image: { format: 'png', source: { bytes: PNG_BASE64 } } });
  });

  it('an error status is a MediaDownloadError with the URL minus its query', async () => {
    images().enqueue({ status: 404, body: 'not found' });
    const error: unknown = await WIRE_TARGETS.ollama
      .create(server())
      .generateWithMessages(ask({ type: 'image', image: `${images().url}/gone.png?token=abc` }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MediaDownloadError);
    expect(error).toMatchObject({ status: 404, url: `${images().url}/gone.png` });
    expect((error as Error).message).not.toContain('token=abc');
    expect(server().requests).toHaveLength(0);
  });

  it('a silent image server is a TimeoutError after `timeout`', async () => {
    images().enqueue({ headers: { 'content-type': 'image/png' }, hang: true });
    const error: unknown = await WIRE_TARGETS.ollama
      .create(server(), { timeout: 0.2 })
      .generateWithMessages(ask({ type: 'image', image: `${images().url}/slow.png` }))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('TimeoutError');
    expect(server().requests).toHaveLength(0);
  });

  it("the call's signal aborts a download", async () => {
    images().enqueue({ headers: { 'content-type': 'image/png' }, hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error: unknown = await WIRE_TARGETS.ollama
      .create(server())
      .generateWithMessages(ask({ type: 'image', image: `${images().url}/slow.png` }), {
        signal: controller.signal,
      })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    expect(server().requests).toHaveLength(0);
  });

  it('bad media values are ConfigErrors naming the field, before any request', async () => {
    const cases: Array<[ImagePart | FilePart, RegExp]> = [
      [{ type: 'image', image: 'file:///etc/passwd' }, /content\[1\]\.image is a file: URL/],
      [{ type: 'image', image: './cat.png' }, /content\[1\]\.image is neither .* A file path\?/],
      [{ type: 'image', image: new Uint8Array([1, 2, 3, 4]) }, /media type .* is unknown/],
      [{ type: 'image', image: PDF }, /is an image part, but its content is application\/pdf/],
      [{ type: 'image', image: PNG, mediaType: 'application/pdf' }, /not an image type/],
    ];
    for (const [part, message] of cases) {
      const error: unknown = await WIRE_TARGETS.anthropic
        .create(server())
        .generateWithMessages(ask(part))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    }
    expect(server().requests).toHaveLength(0);
  });

  it('maxDownloadBytes must be a positive integer', () => {
    expect(() => WIRE_TARGETS.ollama.create(server(), { maxDownloadBytes: 0 })).toThrow(
      ConfigError,
    );
  });
});

describe('media in the cache key', () => {
  const server = useReplayServer();

  it('the same image as bytes, base64 and a data URL is one cache entry', async () => {
    const llm = WIRE_TARGETS.anthropic.create(server(), { cache: true });
    server().enqueue(WIRE_TARGETS.anthropic.ok());
    await llm.generateWithMessages(ask({ type: 'image', image: PNG }));
    await llm.generateWithMessages(
      ask({ type: 'image', image: PNG_BASE64, mediaType: 'image/png' }),
    );
    await llm.generateWithMessages(ask({ type: 'image', image: PNG_DATA_URL }));
    expect(server().requests).toHaveLength(1);
  });

  it('a downloaded URL is keyed by its content: a hit still downloads, never re-sends', async () => {
    const { fetch, fetched } = servingFetch();
    const llm = WIRE_TARGETS.ollama.create(server(), { cache: true, fetch });
    server().enqueue(WIRE_TARGETS.ollama.ok());
    await llm.generateWithMessages(ask({ type: 'image', image: IMAGE_URL }));
    await llm.generateWithMessages(ask({ type: 'image', image: PNG }));
    await llm.generateWithMessages(ask({ type: 'image', image: IMAGE_URL }));
    expect(fetched).toEqual([IMAGE_URL, IMAGE_URL]);
    expect(server().requests).toHaveLength(1);
  });

  it('a different image is a different entry', async () => {
    const llm = WIRE_TARGETS.anthropic.create(server(), { cache: true });
    server().always(WIRE_TARGETS.anthropic.ok());
    await llm.generateWithMessages(ask({ type: 'image', image: PNG }));
    const other = PNG.slice();
    other[PNG.length - 1] = 1;
    await llm.generateWithMessages(ask({ type: 'image', image: other }));
    expect(server().requests).toHaveLength(2);
  });
});

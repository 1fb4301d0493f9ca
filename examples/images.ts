/**
 * Images and files: a PNG as bytes, as base64 with its media type, as a data URL and as a web
 * URL; a PDF as a file part. The same message list works on every provider that takes them.
 *
 * Needs: ANTHROPIC_API_KEY. Or set MODEL to another vision model and that provider's key,
 *        e.g. MODEL=gpt-4o-mini with OPENAI_API_KEY (the provider is detected).
 * Run:   npx tsx examples/images.ts
 *        (keyless: npm run example examples/images.ts)
 */
import { deflateSync } from 'node:zlib';
import { ConfigError, createLLM, type Message } from 'synapsekit';

const llm = createLLM({ model: process.env.MODEL ?? 'claude-haiku-4-5' });

// A 2x2 red PNG, built here so the example needs no file (read yours with fs.readFile).
const png = redSquarePng(2);
const base64 = Buffer.from(png).toString('base64');

const messages: Message[] = [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Describe each of these four images in a few words.' },
      { type: 'image', image: png }, // bytes: the media type is sniffed (PNG)
      { type: 'image', image: base64, mediaType: 'image/png' },
      { type: 'image', image: `data:image/png;base64,${base64}` },
      // A web URL: sent as it is where the API fetches URLs itself (OpenAI, Anthropic,
      // Mistral...), downloaded once and sent as bytes where it does not (Ollama, Bedrock).
      {
        type: 'image',
        image: new URL(
          'https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png',
        ),
      },
    ],
  },
];
console.log(`> ${await llm.generateWithMessages(messages)}\n`);

// A PDF as a file part: OpenAI, Anthropic, Gemini, Mistral, Bedrock, OpenRouter, Perplexity.
const pdf = new TextEncoder().encode(minimalPdf('Invoice 42: total 17.50 EUR'));
const invoice = await llm.generateWithMessages([
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is the total of this invoice?' },
      { type: 'file', data: pdf, mediaType: 'application/pdf', filename: 'invoice.pdf' },
    ],
  },
]);
console.log(`> ${invoice}\n`);

// What a provider cannot take is a ConfigError before any request, naming it and the part.
const ollama = createLLM({ provider: 'ollama', model: 'llava' });
try {
  await ollama.generateWithMessages([
    { role: 'user', content: [{ type: 'file', data: pdf, mediaType: 'application/pdf' }] },
  ]);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.log(`Refused before any request: ${error.message}`);
}
await llm.close();
await ollama.close();

/** A square PNG of one red colour: signature, IHDR, one IDAT of raw rows, IEND. */
function redSquarePng(size: number): Uint8Array {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.of(0), Buffer.alloc(size * 3, Buffer.of(255, 0, 0))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  const signature = Buffer.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A one-page PDF showing one line of text. */
function minimalPdf(text: string): string {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  return `${pdf}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

import type { EventStreamCodec } from '@smithy/eventstream-codec';
import { ConnectionError } from '../../errors.js';
import { importOptionalPackage, onceLoaded } from './optional-packages.js';

/** One decoded frame: its string headers (`:message-type`, `:event-type`, ...) and raw payload. */
export interface EventStreamMessage {
  headers: Record<string, string>;
  payload: Uint8Array;
}

// Prelude (length, headers length, CRC) plus the message CRC: a frame is never shorter.
const MIN_FRAME_BYTES = 16;
// AWS caps a message at 16 MiB of payload plus 128 KiB of headers; a larger length means the
// length field itself is garbage, and waiting for that many bytes would hang the stream.
const MAX_FRAME_BYTES = 16 * 1024 * 1024 + 128 * 1024 + MIN_FRAME_BYTES;

const loadCodecPackage = onceLoaded(() =>
  importOptionalPackage('@smithy/eventstream-codec', () => import('@smithy/eventstream-codec')),
);

/** The AWS SDK's codec, which verifies the length fields and both CRC-32s of every frame. */
export async function loadEventStreamCodec(): Promise<EventStreamCodec> {
  const { EventStreamCodec } = await loadCodecPackage();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return new EventStreamCodec(
    (bytes) => decoder.decode(bytes),
    (text) => encoder.encode(text),
  );
}

/**
 * Reassemble frames from reads that split anywhere: buffer until the 4-byte total length and
 * then the whole frame are present, decode it, carry the rest over. Bytes left at EOF are a
 * frame cut in half; they are dropped and the caller sees a stream without its end signal.
 */
export async function* decodeEventStream(
  chunks: AsyncIterable<Uint8Array>,
  codec: EventStreamCodec,
): AsyncGenerator<EventStreamMessage> {
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    pending = concat(pending, chunk);
    while (pending.length >= 4) {
      const total = new DataView(pending.buffer, pending.byteOffset, 4).getUint32(0, false);
      if (total < MIN_FRAME_BYTES || total > MAX_FRAME_BYTES) {
        throw corruptFrame(`a frame length of ${total} bytes`);
      }
      if (pending.length < total) break;
      const frame = pending.subarray(0, total);
      pending = pending.subarray(total);
      let decoded: ReturnType<EventStreamCodec['decode']>;
      try {
        decoded = codec.decode(frame);
      } catch (error) {
        throw corruptFrame(error instanceof Error ? error.message : String(error), error);
      }
      yield { headers: stringHeaders(decoded.headers), payload: decoded.body };
    }
  }
}

function stringHeaders(
  headers: ReturnType<EventStreamCodec['decode']>['headers'],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, header] of Object.entries(headers)) {
    // Bedrock sends only string headers; other types carry nothing we read.
    if (header.type === 'string') result[name] = header.value;
  }
  return result;
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  if (head.length === 0) return tail;
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head, 0);
  joined.set(tail, head.length);
  return joined;
}

function corruptFrame(detail: string, cause?: unknown): ConnectionError {
  return new ConnectionError(
    `bedrock sent a corrupt event-stream frame (${detail}). The stream was damaged in transit; retry the call.`,
    { provider: 'bedrock', retryable: true, cause },
  );
}

import type { EventStreamCodec } from '@smithy/eventstream-codec';
import { ConnectionError } from '../../errors.js';
import { MAX_EVENT_CHARS } from '../../transport/limits.js';
import { ByteQueue } from './byte-queue.js';
import { importOptionalPackage, onceLoaded } from './optional-packages.js';

/** One decoded frame: its string headers (`:message-type`, `:event-type`, ...) and raw payload. */
export interface EventStreamMessage {
  headers: Record<string, string>;
  payload: Uint8Array;
}

// Prelude (length, headers length, CRC) plus the message CRC: a frame is never shorter.
const MIN_FRAME_BYTES = 16;
/**
 * The longest frame accepted: the per-event bound of the other readers as payload, plus the
 * 128 KiB of headers AWS allows. AWS allows 16 MiB of payload, but Converse events are a few
 * KB; a larger length is garbage or hostile, and buffering for it would cost memory (a small
 * compressed body can inflate to any length) or hang the stream.
 */
export const MAX_FRAME_BYTES = MAX_EVENT_CHARS + 128 * 1024 + MIN_FRAME_BYTES;

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
 * then the whole frame are present, decode it, carry the rest over. A length over
 * MAX_FRAME_BYTES is refused before anything is buffered for it. Bytes left at EOF are a
 * frame cut in half; they are dropped and the caller sees a stream without its end signal.
 */
export async function* decodeEventStream(
  chunks: AsyncIterable<Uint8Array>,
  codec: EventStreamCodec,
): AsyncGenerator<EventStreamMessage> {
  const pending = new ByteQueue();
  for await (const chunk of chunks) {
    pending.push(chunk);
    while (pending.length >= 4) {
      const total = pending.peekUint32();
      if (total < MIN_FRAME_BYTES || total > MAX_FRAME_BYTES) {
        throw corruptFrame(`a frame length of ${total} bytes`);
      }
      if (pending.length < total) break;
      const frame = pending.take(total);
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

function corruptFrame(detail: string, cause?: unknown): ConnectionError {
  return new ConnectionError(
    `bedrock sent a corrupt event-stream frame (${detail}). The stream was damaged in transit; retry the call.`,
    { provider: 'bedrock', retryable: true, cause },
  );
}

/**
 * Bytes from network reads, taken off the front in frames of any size. Reads are kept as they
 * came and joined only when a frame spans several, so a large frame costs one copy, not one
 * copy of everything so far per read (which made a 16 MiB frame quadratic).
 */
export class ByteQueue {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** Bytes queued. */
  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The big-endian 32-bit number at the front; `length` must be at least 4. */
  peekUint32(): number {
    const head = this.#front(4);
    return new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false);
  }

  /** Remove and return the first `count` bytes; `length` must be at least `count`. */
  take(count: number): Uint8Array {
    const taken = this.#front(count).subarray(0, count);
    this.#drop(count);
    return taken;
  }

  /** The first chunk, after joining as many whole chunks as it takes to hold `count` bytes. */
  #front(count: number): Uint8Array {
    const first = this.#chunks[0] as Uint8Array;
    if (first.length >= count) return first;
    let size = 0;
    let used = 0;
    while (size < count) size += (this.#chunks[used++] as Uint8Array).length;
    const joined = new Uint8Array(size);
    let offset = 0;
    for (const chunk of this.#chunks.splice(0, used, joined)) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    return joined;
  }

  #drop(count: number): void {
    this.#length -= count;
    let left = count;
    while (left > 0) {
      const first = this.#chunks[0] as Uint8Array;
      if (first.length > left) {
        this.#chunks[0] = first.subarray(left);
        return;
      }
      this.#chunks.shift();
      left -= first.length;
    }
  }
}

import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/errors.js';
import { bucketShape } from '../../src/rate-limit/bucket.js';
import { MemoryTokenBucket } from '../../src/rate-limit/memory.js';
import { ManualClock, settle } from './manual-clock.js';

/** Start `take` and record when (on the manual clock) it resolved or rejected. */
function track(bucket: MemoryTokenBucket, clock: ManualClock, signal?: AbortSignal) {
  const outcome: { at?: number; error?: unknown } = {};
  bucket.take(signal).then(
    () => (outcome.at = clock.now()),
    (error: unknown) => (outcome.error = error),
  );
  return outcome;
}

describe('bucket shape (README, Retries, timeouts and rate limits)', () => {
  it('refills requestsPerMinute / 60 per second and holds one second worth, at least one', () => {
    expect(bucketShape(600)).toEqual({ refillPerMs: 0.01, capacity: 10 });
    expect(bucketShape(90).capacity).toBe(2);
    expect(bucketShape(30)).toEqual({ refillPerMs: 0.0005, capacity: 1 });
    expect(bucketShape(0.5).capacity).toBe(1);
  });
});

describe('MemoryTokenBucket', () => {
  it('starts full: a burst of one second worth passes at once, the next waits one interval', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(600, clock);
    const burst = Array.from({ length: 10 }, () => track(bucket, clock));
    const eleventh = track(bucket, clock);
    await settle();
    expect(burst.map((outcome) => outcome.at)).toEqual(Array(10).fill(0));
    expect(eleventh.at).toBeUndefined();
    await clock.advance(99);
    expect(eleventh.at).toBeUndefined();
    await clock.advance(1);
    expect(eleventh.at).toBe(100);
  });

  it('serves a long line at exactly the rate, in arrival order', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(120, clock); // 2 per second, capacity 2
    const order: number[] = [];
    const done = Array.from({ length: 6 }, (_, i) => bucket.take().then(() => order.push(i)));
    await clock.advance(2_000);
    await Promise.all(done);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(clock.now()).toBe(2_000);
  });

  it('grants tokens at 0, 0, 500, 1000, 1500 ms for 120 rpm', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(120, clock);
    const outcomes = Array.from({ length: 5 }, () => track(bucket, clock));
    await clock.advance(1_600);
    expect(outcomes.map((outcome) => outcome.at)).toEqual([0, 0, 500, 1_000, 1_500]);
  });

  it('never holds more than its capacity after a long idle time', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(60, clock); // capacity 1
    await clock.advance(60_000);
    const first = track(bucket, clock);
    const second = track(bucket, clock);
    await settle();
    expect(first.at).toBe(60_000);
    expect(second.at).toBeUndefined();
    await clock.advance(1_000);
    expect(second.at).toBe(61_000);
  });

  it('an aborted waiter leaves the line with an AbortError and the next one moves up', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(60, clock); // one token per second
    const first = track(bucket, clock);
    const second = track(bucket, clock);
    const controller = new AbortController();
    const third = track(bucket, clock, controller.signal);
    const fourth = track(bucket, clock);
    await clock.advance(300);
    controller.abort();
    await settle();
    expect(third.error).toBeInstanceOf(AbortError);
    await clock.advance(2_000);
    expect([first.at, second.at, third.at, fourth.at]).toEqual([0, 1_000, undefined, 2_000]);
  });

  it('the waiter at the head of the line can abort too, without losing the next one its turn', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(60, clock);
    const first = track(bucket, clock);
    const controller = new AbortController();
    const head = track(bucket, clock, controller.signal);
    const next = track(bucket, clock);
    await clock.advance(500);
    controller.abort();
    await settle();
    expect(head.error).toBeInstanceOf(AbortError);
    await clock.advance(1_000);
    expect([first.at, next.at]).toEqual([0, 1_000]);
  });

  it('an already aborted signal rejects without taking a token', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(60, clock);
    await expect(bucket.take(AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    const after = track(bucket, clock);
    await settle();
    expect(after.at).toBe(0);
  });

  it('a lower rate set while waiters sleep applies when they wake', async () => {
    const clock = new ManualClock();
    const bucket = new MemoryTokenBucket(600, clock);
    for (let i = 0; i < 10; i++) await bucket.take();
    const waiter = track(bucket, clock);
    bucket.setPerMinute(60); // one token per second from now on
    await clock.advance(999);
    expect(waiter.at).toBeUndefined();
    await clock.advance(2);
    expect(waiter.at).toBeGreaterThanOrEqual(1_000);
    expect(waiter.at).toBeLessThanOrEqual(1_001);
  });
});

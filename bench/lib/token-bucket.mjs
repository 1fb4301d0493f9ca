/**
 * The limit the mock server enforces, as providers do: `rpm / 60` tokens per second, holding at
 * most one second's worth (`max(1, ceil(rpm / 60))`), full at the first request.
 */
export class TokenBucket {
  constructor(requestsPerMinute, now = () => performance.now()) {
    this.ratePerMs = requestsPerMinute / 60_000;
    this.capacity = Math.max(1, Math.ceil(requestsPerMinute / 60));
    this.tokens = this.capacity;
    this.now = now;
    this.updatedAt = now();
    this.allowed = 0;
    this.limited = 0;
    this.firstAt = undefined;
    this.lastAllowedAt = undefined;
  }

  /** Take a token: undefined when allowed, else the milliseconds until one is available. */
  take() {
    const now = this.now();
    this.firstAt ??= now;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.ratePerMs);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.allowed++;
      this.lastAllowedAt = now;
      return undefined;
    }
    this.limited++;
    return (1 - this.tokens) / this.ratePerMs;
  }

  stats() {
    return {
      allowed: this.allowed,
      limited: this.limited,
      spanMs:
        this.firstAt === undefined || this.lastAllowedAt === undefined
          ? 0
          : this.lastAllowedAt - this.firstAt,
    };
  }
}

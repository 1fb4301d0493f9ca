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

  /**
   * The provider's rate-limit headers for the bucket's state now, as OpenAI (`x-ratelimit-*`,
   * resets as Go durations) or Anthropic (`anthropic-ratelimit-*`, resets as RFC 3339 times)
   * send them: the limit per minute, what is left, and when it is full again.
   */
  headers(protocol) {
    const untilFullMs = Math.ceil((this.capacity - this.tokens) / this.ratePerMs);
    const limit = Math.round(this.ratePerMs * 60_000);
    const remaining = Math.floor(this.tokens);
    if (protocol === 'anthropic') {
      const reset = new Date(Date.now() + untilFullMs).toISOString().replace(/\.\d+Z$/, 'Z');
      return (
        `anthropic-ratelimit-requests-limit: ${limit}\r\n` +
        `anthropic-ratelimit-requests-remaining: ${remaining}\r\n` +
        `anthropic-ratelimit-requests-reset: ${reset}\r\n`
      );
    }
    return (
      `x-ratelimit-limit-requests: ${limit}\r\n` +
      `x-ratelimit-remaining-requests: ${remaining}\r\n` +
      `x-ratelimit-reset-requests: ${untilFullMs >= 1000 ? `${(untilFullMs / 1000).toFixed(3)}s` : `${untilFullMs}ms`}\r\n`
    );
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

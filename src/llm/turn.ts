import type { FinishReason, LLMEvent, ToolCall } from '../events.js';
import type {
  AssistantMessage,
  ProviderData,
  ReasoningPart,
  TextPart,
  ToolCallPart,
} from '../messages.js';
import type { ProviderName } from '../types.js';
import type { StreamPart } from './spec.js';
import { ToolCallTracker } from './tool-call-tracker.js';

type AssistantPart = TextPart | ReasoningPart | ToolCallPart;

/**
 * One model turn (one attempt) being assembled from the provider's parts: the public events,
 * the answer and reasoning text, the tool calls, and the assistant message with its parts in
 * the order they arrived (what goes back to the provider next time, provider data included).
 */
export class Turn {
  readonly #parts: AssistantPart[] = [];
  /** Complete calls, by id (a cut stream leaves later ones incomplete). */
  readonly #complete = new Map<string, ToolCall>();
  readonly #tracker: ToolCallTracker;
  #openText: TextPart | undefined;
  #openReasoning: ReasoningPart | undefined;
  #finishReason: FinishReason | undefined;
  #providerFinishReason = '';
  #responseModel: string | undefined;

  constructor(provider: ProviderName) {
    this.#tracker = new ToolCallTracker(provider);
  }

  /**
   * The answer text so far: the text parts joined (kept only in the parts, so each text piece
   * costs one string append on the hot path).
   */
  get text(): string {
    return this.#joined('text');
  }

  /** The reasoning text so far. */
  get reasoning(): string {
    return this.#joined('reasoning');
  }

  #joined(type: 'text' | 'reasoning'): string {
    let joined = '';
    for (const part of this.#parts) if (part.type === type) joined += part.text;
    return joined;
  }

  /** The complete tool calls, in the order they started (as in the message). */
  get toolCalls(): ToolCall[] {
    const calls: ToolCall[] = [];
    for (const part of this.#parts) {
      const call = part.type === 'tool-call' ? this.#complete.get(part.id) : undefined;
      if (call) calls.push(call);
    }
    return calls;
  }

  /** Whether the provider's end-of-response signal arrived. */
  get finished(): boolean {
    return this.#finishReason !== undefined;
  }

  /** Why the turn stopped: `tool-calls` whenever it has calls, whatever the provider said. */
  get finishReason(): FinishReason {
    if (this.#tracker.hasCalls) return 'tool-calls';
    return this.#finishReason ?? 'other';
  }

  get providerFinishReason(): string {
    return this.#providerFinishReason;
  }

  /** The model the provider said answered (e.g. a dated snapshot), when it said (telemetry). */
  get responseModel(): string | undefined {
    return this.#responseModel;
  }

  /** The assistant message of this turn (parts in arrival order). */
  get message(): AssistantMessage {
    return { role: 'assistant', content: this.#parts.length > 0 ? this.#parts : '' };
  }

  /** Whether anything a caller can see arrived (text, reasoning or a tool call). */
  get isEmpty(): boolean {
    return this.#parts.length === 0;
  }

  /** Text goes here on the hot path, without an event array. */
  addText(text: string, providerData: ProviderData | undefined): void {
    this.#openReasoning = undefined;
    const open = this.#openText;
    if (open !== undefined) {
      open.text += text;
      if (providerData) open.providerData = mergeProviderData(open.providerData, providerData);
      return;
    }
    const part: TextPart = { type: 'text', text };
    if (providerData) part.providerData = providerData;
    this.#openText = part;
    this.#parts.push(part);
  }

  /** Every other part: its events (if any) go into `events`. */
  add(part: Exclude<StreamPart, { type: 'text' | 'usage' }>, events: LLMEvent[]): void {
    switch (part.type) {
      case 'reasoning':
        this.#addReasoning(part.text, part.providerData);
        if (part.text !== '') events.push({ type: 'reasoning', text: part.text });
        return;
      case 'part-end':
        this.#openText = undefined;
        this.#openReasoning = undefined;
        return;
      case 'tool-call-fragment': {
        const starts = events.length;
        this.#tracker.fragment(part, events);
        // A new call becomes a part of the message now, so parts keep their order.
        const start = events[starts];
        if (start?.type === 'tool-call-start') this.#addCallPart(start.id, start.name);
        return;
      }
      case 'tool-call-end':
        this.#recordCall(this.#tracker.end(part.index, events));
        return;
      case 'tool-call': {
        const call = this.#tracker.whole(part, events);
        this.#addCallPart(call.id, call.name);
        this.#recordCall(call);
        return;
      }
      case 'finish':
        for (const call of this.#tracker.endAll(events)) this.#recordCall(call);
        this.#tracker.checkArguments(part.reason === 'length');
        this.#finishReason = part.reason;
        this.#providerFinishReason = part.providerReason;
        this.#responseModel = part.responseModel;
        return;
    }
  }

  #addReasoning(text: string, providerData: ProviderData | undefined): void {
    this.#openText = undefined;
    const open = this.#openReasoning;
    if (open !== undefined) {
      open.text += text;
      if (providerData) open.providerData = mergeProviderData(open.providerData, providerData);
      return;
    }
    const part: ReasoningPart = { type: 'reasoning', text };
    if (providerData) part.providerData = providerData;
    this.#openReasoning = part;
    this.#parts.push(part);
  }

  #addCallPart(id: string, name: string): void {
    this.#openText = undefined;
    this.#openReasoning = undefined;
    // Filled in when the call completes (input and provider data are known then).
    this.#parts.push({ type: 'tool-call', id, name, input: {} });
  }

  #recordCall(call: ToolCall | undefined): void {
    if (call === undefined) return;
    this.#complete.set(call.id, call);
    const part = this.#parts.find(
      (candidate): candidate is ToolCallPart =>
        candidate.type === 'tool-call' && candidate.id === call.id,
    );
    if (part === undefined) return;
    part.input = call.input;
    if (call.providerData) part.providerData = call.providerData;
  }
}

/**
 * Provider data arriving in pieces for one part: each protocol's namespace (`anthropic`,
 * `gemini`, ...) is merged key by key, so a later piece adds to the state instead of replacing it.
 */
function mergeProviderData(current: ProviderData | undefined, next: ProviderData): ProviderData {
  if (current === undefined) return next;
  const merged: ProviderData = { ...current };
  for (const [namespace, value] of Object.entries(next)) {
    const before = merged[namespace];
    merged[namespace] = isRecord(before) && isRecord(value) ? { ...before, ...value } : value;
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

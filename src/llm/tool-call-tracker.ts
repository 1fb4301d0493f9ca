import { randomBytes } from 'node:crypto';
import { ProviderError } from '../errors.js';
import type { LLMEvent, ToolCall } from '../events.js';
import type { ProviderData } from '../messages.js';
import type { ProviderName } from '../types.js';
import type { StreamPart } from './spec.js';

/** A call being assembled from fragments. */
interface OpenCall {
  id: string;
  name: string;
  index: number | undefined;
  input: string;
  providerData: ProviderData | undefined;
  done: boolean;
}

type Fragment = Extract<StreamPart, { type: 'tool-call-fragment' }>;
type WholeCall = Extract<StreamPart, { type: 'tool-call' }>;

/**
 * Joins streamed tool-call fragments into complete calls, the same way for every provider:
 * fragments are matched to their call by id, else by index, else to the latest call (servers
 * send sparse, reused or missing indexes), their JSON text is joined and parsed once the call
 * ends. Ids the provider sent are kept byte for byte; a call without one gets a made-up id.
 */
export class ToolCallTracker {
  readonly #provider: ProviderName;
  readonly #calls: OpenCall[] = [];
  readonly #byId = new Map<string, OpenCall>();
  readonly #byIndex = new Map<number, OpenCall>();

  constructor(provider: ProviderName) {
    this.#provider = provider;
  }

  /** Whether any call started in this turn. */
  get hasCalls(): boolean {
    return this.#calls.length > 0;
  }

  /** The events for one fragment: a start for a new call, a delta for new JSON text. */
  fragment(fragment: Fragment, events: LLMEvent[]): void {
    let call = this.#find(fragment);
    if (call === undefined) {
      if (!fragment.name) {
        throw this.#corrupt(
          'sent a tool-call fragment that belongs to no call (no id, index or name to match)',
        );
      }
      call = this.#open(fragment.id, fragment.name, fragment.index, fragment.providerData);
      events.push({ type: 'tool-call-start', id: call.id, name: call.name });
    } else if (fragment.providerData) {
      call.providerData = { ...call.providerData, ...fragment.providerData };
    }
    const delta = fragment.inputDelta;
    if (delta) {
      call.input += delta;
      events.push({ type: 'tool-call-delta', id: call.id, inputDelta: delta });
    }
  }

  /** A whole call in one piece: start, its JSON as one delta, and the call. */
  whole(part: WholeCall, events: LLMEvent[]): ToolCall {
    const call = this.#open(part.id, part.name, undefined, part.providerData);
    call.done = true;
    const input = part.input ?? {};
    events.push({ type: 'tool-call-start', id: call.id, name: call.name });
    events.push({ type: 'tool-call-delta', id: call.id, inputDelta: JSON.stringify(input) });
    const complete = toolCall(call, input);
    events.push({ type: 'tool-call', ...complete });
    return complete;
  }

  /** Close the call at `index`, if it is open: its parsed `tool-call`. */
  end(index: number, events: LLMEvent[]): ToolCall | undefined {
    const call = this.#byIndex.get(index);
    return call && !call.done ? this.#close(call, events) : undefined;
  }

  /** Close every call still open (at the end of the turn), in the order they started. */
  endAll(events: LLMEvent[]): ToolCall[] {
    const closed: ToolCall[] = [];
    for (const call of this.#calls) if (!call.done) closed.push(this.#close(call, events));
    return closed;
  }

  #find(fragment: Fragment): OpenCall | undefined {
    if (fragment.id) {
      // A new id is a new call even when its index was used before.
      return this.#byId.get(fragment.id);
    }
    if (fragment.index !== undefined) {
      const byIndex = this.#byIndex.get(fragment.index);
      if (byIndex || fragment.name) return byIndex;
    }
    // Neither id nor a known index: a name starts a call, anything else continues the latest.
    return fragment.name ? undefined : this.#calls.at(-1);
  }

  #open(
    id: string | undefined,
    name: string,
    index: number | undefined,
    providerData: ProviderData | undefined,
  ): OpenCall {
    const call: OpenCall = {
      id: id || madeUpId(),
      name,
      index,
      input: '',
      providerData,
      done: false,
    };
    this.#calls.push(call);
    this.#byId.set(call.id, call);
    if (index !== undefined) this.#byIndex.set(index, call);
    return call;
  }

  #close(call: OpenCall, events: LLMEvent[]): ToolCall {
    call.done = true;
    const complete = toolCall(call, this.#parse(call));
    events.push({ type: 'tool-call', ...complete });
    return complete;
  }

  /** `""`, `"null"` and whitespace mean "no arguments"; anything else must be valid JSON. */
  #parse(call: OpenCall): unknown {
    const text = call.input.trim();
    if (text === '' || text === 'null') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const snippet = text.length > 120 ? `${text.slice(0, 120)}...` : text;
      throw this.#corrupt(
        `sent arguments for tool call ${call.id} (${call.name}) that are not valid JSON: ${JSON.stringify(snippet)}`,
      );
    }
  }

  #corrupt(what: string): ProviderError {
    return new ProviderError(`${this.#provider} ${what}. The stream is corrupt; retry the call.`, {
      provider: this.#provider,
      retryable: true,
    });
  }
}

function toolCall(call: OpenCall, input: unknown): ToolCall {
  const complete: ToolCall = { id: call.id, name: call.name, input };
  if (call.providerData) complete.providerData = call.providerData;
  return complete;
}

/** `call_` and 24 random letters and digits, as unique as a provider's own ids. */
export function madeUpId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = 'call_';
  for (const byte of randomBytes(24)) id += alphabet[byte % alphabet.length];
  return id;
}

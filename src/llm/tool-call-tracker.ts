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
  /** The first call whose arguments did not parse; judged when the turn's finish reason is known. */
  #unparsable: OpenCall | undefined;

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

  /** Close the call at `index`, if it is open: its parsed `tool-call` (none if it did not parse). */
  end(index: number, events: LLMEvent[]): ToolCall | undefined {
    const call = this.#byIndex.get(index);
    return call && !call.done ? this.#close(call, events) : undefined;
  }

  /** Close every call still open (at the end of the turn), in the order they started. */
  endAll(events: LLMEvent[]): ToolCall[] {
    const closed: ToolCall[] = [];
    for (const call of this.#calls) {
      if (call.done) continue;
      const complete = this.#close(call, events);
      if (complete) closed.push(complete);
    }
    return closed;
  }

  /**
   * At the end of the turn: a call whose arguments were not valid JSON is an error. When the
   * output-token limit cut the turn, the arguments are merely cut off (retrying with the same
   * limit fails again); otherwise the stream is corrupt and a retry may succeed.
   */
  checkArguments(cutByLength: boolean): void {
    const call = this.#unparsable;
    if (call === undefined) return;
    const text = call.input.trim();
    const snippet = text.length > 120 ? `${text.slice(0, 120)}...` : text;
    if (cutByLength) {
      throw new ProviderError(
        `${this.#provider} stopped at the output-token limit in the middle of tool call ${call.id} (${call.name}); ` +
          `its arguments are cut off: ${JSON.stringify(snippet)}. Raise maxTokens.`,
        { provider: this.#provider, retryable: false },
      );
    }
    throw this.#corrupt(
      `sent arguments for tool call ${call.id} (${call.name}) that are not valid JSON: ${JSON.stringify(snippet)}`,
    );
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

  #close(call: OpenCall, events: LLMEvent[]): ToolCall | undefined {
    call.done = true;
    const text = call.input.trim();
    // `""`, `"null"` and whitespace mean "no arguments"; anything else must be valid JSON.
    let input: unknown = {};
    if (text !== '' && text !== 'null') {
      try {
        input = JSON.parse(text) as unknown;
      } catch {
        this.#unparsable ??= call;
        return undefined;
      }
    }
    const complete = toolCall(call, input);
    events.push({ type: 'tool-call', ...complete });
    return complete;
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

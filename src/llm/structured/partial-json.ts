/**
 * An incremental parser for a JSON object or array that arrives in pieces (streamed text, or a
 * forced tool's argument deltas). Each piece is read once (linear over the whole stream), and
 * after each piece `snapshot()` gives the value so far: complete members, the string being
 * written cut where the text ends (never inside an escape or between the halves of a surrogate
 * pair), and open objects and arrays. A number or a `true`/`false`/`null` appears only once it
 * is complete (`12` may still become `123`), a key only once its value has begun. So every
 * snapshot is a deep partial of the final value, and each grows out of the one before.
 *
 * Text before the first `{` or `[` (a sentence, a code fence) is skipped, and so is anything
 * after the value ends. Input that cannot be JSON stops the parser (no more changes); the
 * caller's final `JSON.parse` of the whole text reports it.
 */
export class PartialJsonParser {
  #state: State = 'start';
  /** The root container once it opened. */
  #root: Container | undefined;
  /** Open containers, outermost first. */
  readonly #stack: Frame[] = [];
  /** The string being read (a key, or a value already placed in its container). */
  #string = '';
  #stringIsKey = false;
  /** What the snapshot shows of the value string being read. */
  #shown = '';
  /** Inside a string: undefined, or the escape read so far (`''` after `\`, `u12`...). */
  #escape: string | undefined;
  /** A number or literal being read. */
  #token = '';
  #changed = false;

  /** Read one more piece; true when the snapshot changed. */
  push(piece: string): boolean {
    this.#changed = false;
    let at = 0;
    while (at < piece.length) {
      const state = this.#state;
      if (state === 'done' || state === 'failed') break;
      if (state === 'string') {
        at = this.#readString(piece, at);
        continue;
      }
      const char = piece[at] as string;
      if (state === 'number' || state === 'literal') {
        // A number ends at the first character that cannot continue it, which is read again.
        if (this.#readToken(char)) at++;
        continue;
      }
      at++;
      if (state !== 'start' && (char === ' ' || char === '\n' || char === '\r' || char === '\t'))
        continue;
      this.#readStructure(state, char);
    }
    return this.#changed;
  }

  /** The value so far (undefined before the root opened): a new copy of every open container. */
  snapshot(): unknown {
    const stack = this.#stack;
    if (stack.length === 0) return this.#root;
    // Closed containers never change again (they are frozen) and are shared between
    // snapshots; the open ones are copied, outermost first, each copy linked into its parent's.
    const root = copyOf((stack[0] as Frame).container);
    let parent = root;
    for (let depth = 1; depth < stack.length; depth++) {
      const child = copyOf((stack[depth] as Frame).container);
      setLast(parent, (stack[depth - 1] as Frame).key, child);
      parent = child;
    }
    return root;
  }

  /** Whether the root value has closed. */
  get complete(): boolean {
    return this.#state === 'done';
  }

  #readStructure(state: State, char: string): void {
    switch (state) {
      case 'start':
        if (char === '{' || char === '[') this.#open(char);
        return;
      case 'value':
      case 'value-or-end':
        if (char === ']' && state === 'value-or-end') return this.#close(true);
        return this.#startValue(char);
      case 'key':
      case 'key-or-end':
        if (char === '}' && state === 'key-or-end') return this.#close(false);
        if (char !== '"') return this.#fail();
        this.#string = '';
        this.#stringIsKey = true;
        this.#state = 'string';
        return;
      case 'colon':
        if (char === ':') this.#state = 'value';
        else this.#fail();
        return;
      case 'after':
        if (char === ',') {
          this.#state = Array.isArray(this.#top.container) ? 'value' : 'key';
        } else if (char === '}' || char === ']') {
          this.#close(char === ']');
        } else {
          this.#fail();
        }
        return;
    }
  }

  #startValue(char: string): void {
    if (char === '{' || char === '[') return this.#open(char);
    if (char === '"') {
      this.#string = '';
      this.#shown = '';
      this.#stringIsKey = false;
      this.#state = 'string';
      this.#add('');
      return;
    }
    if (char === '-' || (char >= '0' && char <= '9')) {
      this.#token = char;
      this.#state = 'number';
      return;
    }
    if (char === 't' || char === 'f' || char === 'n') {
      this.#token = char;
      this.#state = 'literal';
      return;
    }
    this.#fail();
  }

  /** Read string text from `at`; returns where reading stopped. */
  #readString(piece: string, at: number): number {
    if (this.#escape !== undefined) return this.#readEscape(piece, at);
    let end = at;
    while (end < piece.length) {
      const code = piece.charCodeAt(end);
      if (code === 0x22 || code === 0x5c) break; // " or \
      end++;
    }
    if (end > at) this.#grow(piece.slice(at, end));
    if (end === piece.length) return end;
    if (piece[end] === '\\') {
      this.#escape = '';
      return end + 1;
    }
    this.#endString();
    return end + 1;
  }

  #readEscape(piece: string, at: number): number {
    const char = piece[at] as string;
    const escape = this.#escape as string;
    if (escape === '') {
      if (char === 'u') {
        this.#escape = 'u';
        return at + 1;
      }
      const unescaped = ESCAPES[char];
      if (unescaped === undefined) {
        this.#fail();
        return at + 1;
      }
      this.#escape = undefined;
      this.#grow(unescaped);
      return at + 1;
    }
    if (!/^[0-9a-fA-F]$/.test(char)) {
      this.#fail();
      return at + 1;
    }
    const hex = escape + char;
    if (hex.length < 5) {
      this.#escape = hex;
    } else {
      this.#escape = undefined;
      this.#grow(String.fromCharCode(Number.parseInt(hex.slice(1), 16)));
    }
    return at + 1;
  }

  #grow(more: string): void {
    this.#string += more;
    if (this.#stringIsKey) return;
    // A high surrogate waits for its low half, so no snapshot holds half a character.
    const text = this.#string;
    const last = text.charCodeAt(text.length - 1);
    this.#show(last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text);
  }

  #show(text: string): void {
    if (text === this.#shown) return;
    this.#shown = text;
    this.#setLast(text);
  }

  #endString(): void {
    if (this.#stringIsKey) {
      this.#top.key = this.#string;
      this.#state = 'colon';
      return;
    }
    this.#show(this.#string);
    this.#valueDone();
  }

  /** Read one character of a number or literal; false when it ends the token unread. */
  #readToken(char: string): boolean {
    if (this.#state === 'number') {
      if (/^[0-9eE+.-]$/.test(char)) {
        this.#token += char;
        return true;
      }
      if (!JSON_NUMBER.test(this.#token)) {
        this.#fail();
        return true;
      }
      this.#add(Number(this.#token));
      this.#valueDone();
      return false;
    }
    this.#token += char;
    const literal = LITERALS.find((word) => word.startsWith(this.#token));
    if (literal === undefined) this.#fail();
    else if (literal === this.#token) {
      this.#add(LITERAL_VALUES[literal]);
      this.#valueDone();
    }
    return true;
  }

  #open(char: '{' | '['): void {
    const container: Container = char === '[' ? [] : {};
    if (this.#state === 'start') this.#root = container;
    else this.#add(container);
    this.#stack.push({ container, key: undefined });
    this.#state = char === '[' ? 'value-or-end' : 'key-or-end';
    this.#changed = true;
  }

  #close(array: boolean): void {
    const frame = this.#stack.pop();
    if (frame === undefined || Array.isArray(frame.container) !== array) return this.#fail();
    Object.freeze(frame.container);
    this.#valueDone();
  }

  /** A value is complete: the container waits for `,` or its end; a closed root is the end. */
  #valueDone(): void {
    const top = this.#stack.at(-1);
    this.#state = top === undefined ? 'done' : 'after';
  }

  /** A new member: appended to the open array, or set under the open object's key. */
  #add(value: unknown): void {
    const top = this.#top;
    if (Array.isArray(top.container)) top.container.push(value);
    else defineMember(top.container, top.key as string, value);
    this.#changed = true;
  }

  /** Replace the newest member (the string being read). */
  #setLast(value: string): void {
    const top = this.#top;
    setLast(top.container, top.key, value);
    this.#changed = true;
  }

  get #top(): Frame {
    return this.#stack.at(-1) as Frame;
  }

  #fail(): void {
    this.#state = 'failed';
  }
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  container: Container;
  /** In an object: the key whose value is being read. */
  key: string | undefined;
}

type State =
  | 'start'
  | 'value'
  | 'value-or-end'
  | 'key'
  | 'key-or-end'
  | 'colon'
  | 'after'
  | 'string'
  | 'number'
  | 'literal'
  | 'done'
  | 'failed';

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const LITERALS = ['true', 'false', 'null'] as const;
const LITERAL_VALUES: Record<string, unknown> = { true: true, false: false, null: null };

function copyOf(container: Container): Container {
  return Array.isArray(container) ? container.slice() : { ...container };
}

/** Set the newest member of a container: the last array item, or the member under `key`. */
function setLast(container: Container, key: string | undefined, value: unknown): void {
  if (Array.isArray(container)) container[container.length - 1] = value;
  else defineMember(container, key as string, value);
}

/** An own data property, even for a key such as `__proto__` (which assignment would not create). */
function defineMember(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

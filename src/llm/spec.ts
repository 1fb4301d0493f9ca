/**
 * The provider-facing contract: what a provider class receives for one call (`ProviderCall`:
 * messages with parts, options, tools) and what it streams back (`StreamPart`s). Everything
 * else (system prompt, cache, retries, rate limits, usage, tool-call assembly, the tool loop)
 * lives above it, once, in the pipeline.
 */
import type { FinishReason } from '../events.js';
import type { Message, ProviderData } from '../messages.js';
import type { ReasoningOptions } from '../reasoning.js';
import type { JsonSchema, ToolChoice } from '../tools.js';
import type { ProviderName, Usage } from '../types.js';
import type { MediaSupport } from './media/support.js';

/**
 * What a provider class tells the base about itself (the second argument of `super`).
 *
 * @category Writing a provider
 */
export interface ProviderSpec {
  /** The provider it speaks for; a config with another explicit `provider` is refused. */
  name: ProviderName;
  /** The env var read when `apiKey` is omitted; undefined for providers without keys. */
  apiKeyEnv: string | undefined;
  /** Whether a missing key is a ConfigError (Ollama and Bedrock need none). */
  apiKeyRequired: boolean;
  /**
   * Request-body fields the provider sets itself (e.g. `model`, `messages`): an `extraBody`
   * naming one is a ConfigError before any request, as is `stream` for every provider.
   */
  ownedBodyFields?: readonly string[] | undefined;
  /**
   * The env var the provider's official SDK reads for its base URL (OPENAI_BASE_URL,
   * ANTHROPIC_BASE_URL...), used when the config has no `baseUrl`. `appendPath` is added when
   * that SDK's base stops short of ours (Groq's is the host; ours ends in `/openai/v1`).
   */
  baseUrlEnv?:
    | {
        /** The variable's name. */
        name: string;
        /** Added to the variable's value, e.g. `/openai/v1`. */
        appendPath?: string;
      }
    | undefined;
  /**
   * The image and file parts the protocol takes, and which URLs it fetches itself (the rest are
   * downloaded first). Undefined: every image and file part is a ConfigError naming the provider.
   */
  media?: MediaSupport | undefined;
  /**
   * Which structured-output modes the protocol can run for a call, and which one `auto` picks
   * (a small function in the provider's folder: it may depend on the model, the tools or
   * thinking). Without it only `json` mode runs (instructions in the prompt).
   */
  structuredOutput?: ((call: ProviderCall) => StructuredOutputSupport) | undefined;
}

/**
 * How structured output is produced: `native` (the provider's schema-constrained output),
 * `tool` (one forced tool whose input is the answer) or `json` (JSON mode or instructions).
 *
 * @category Structured output
 */
export type StructuredMode = 'native' | 'tool' | 'json';

/**
 * What a provider can do for one structured call: the mode `auto` picks, and why each mode it
 * cannot run is missing (a mode not listed in `unavailable` runs).
 *
 * @category Writing a provider
 */
export interface StructuredOutputSupport {
  /** The mode `auto` picks for this call. */
  auto: StructuredMode;
  /** Why a mode cannot run here, by mode: e.g. `{ tool: 'Ollama cannot force a tool call' }`. */
  unavailable?: Partial<Record<StructuredMode, string>> | undefined;
}

/**
 * A structured-output request as the provider maps it: `native` to its schema-constrained
 * output, `json` to its JSON mode where it has one (the instructions are already in the
 * messages). In `tool` mode the forced tool is already in `tools` and `toolChoice`; the
 * provider sends nothing more.
 *
 * @category Writing a provider
 */
export interface OutputRequest {
  /** The mode that runs. */
  mode: StructuredMode;
  /** The JSON Schema of the answer; its root is always an object. */
  schema: JsonSchema;
  /** The output's name (OpenAI-style `json_schema.name`, the forced tool's name). */
  name: string;
  /** What the output is, for the model. */
  description?: string | undefined;
}

/**
 * A tool as the provider sends it: name, description and the JSON Schema of its input.
 *
 * @category Writing a provider
 */
export interface ToolDefinition {
  /** The tool's name (its key in `tools`). */
  name: string;
  /** What it does, for the model. */
  description?: string | undefined;
  /** The JSON Schema of its input (an object schema). */
  inputSchema: JsonSchema;
}

/**
 * One call, resolved: what a provider turns into its wire request.
 *
 * @category Writing a provider
 */
export interface ProviderCall {
  /** The model id from the config. */
  model: string;
  /**
   * Validated; the system prompt is already in place (first, when there is one). Image and file
   * parts are resolved: their data is a `URL` the provider takes as it is (see
   * `ProviderSpec.media`), or base64 text with its `mediaType` (bytes, `data:` URLs and
   * downloaded URLs end up so); a file part with an image type is an image part. Read them with
   * `wireMedia` (src/providers/media.ts).
   */
  messages: Message[];
  /**
   * Undefined when nothing should be sent: the model rejects sampling, or `reasoning` is on,
   * and the temperature is the default one.
   */
  temperature: number | undefined;
  /**
   * True when `temperature` is the config's default (neither the config nor the call gave one),
   * so a provider whose models refuse a temperature beside `top_p` or thinking can leave it out.
   */
  temperatureIsDefault?: boolean | undefined;
  /** The output-token limit: the call's, else the config's. */
  maxTokens: number;
  /** Undefined unless the call gave one. */
  topP?: number | undefined;
  /** Undefined unless the call gave some. */
  stop?: string[] | undefined;
  /** Provider-specific fields, merged into the request body last. */
  extraBody?: Record<string, unknown> | undefined;
  /** The tools the model may call; undefined (never empty) when there are none. */
  tools?: ToolDefinition[] | undefined;
  /** Undefined unless the call gave one; a provider that cannot express it throws ConfigError. */
  toolChoice?: ToolChoice | undefined;
  /** Undefined unless the call gave it; sent where the provider has the switch. */
  parallelToolCalls?: boolean | undefined;
  /**
   * Undefined unless the call gave it: checked (an effort from the list and/or a positive
   * budget). A provider maps it to its knob, or throws a ConfigError for what it cannot express.
   */
  reasoning?: ReasoningOptions | undefined;
  /** Set by `generateStructured` and `streamStructured`: the structured output asked for. */
  output?: OutputRequest | undefined;
}

/**
 * What a provider streams back. The pipeline turns these into the public events: it joins tool
 * call fragments (one shared tracker for every provider), parses their arguments, makes up ids
 * where the provider sent none, builds the assistant message, and decides `tool-calls` as the
 * finish reason when the turn has calls. Exactly one `finish` comes when the provider's
 * end-of-response signal arrives; a stream that ends without it is a retryable
 * `ConnectionError`.
 *
 * @category Writing a provider
 */
export type StreamPart =
  | {
      /** A piece of the answer. */
      type: 'text';
      /** The text delta. */
      text: string;
      /** Opaque state for this text part (merged into the open text part). */
      providerData?: ProviderData | undefined;
    }
  | {
      /** A piece of reasoning (thinking); appended to the open reasoning part. */
      type: 'reasoning';
      /** The reasoning delta ('' when only `providerData` arrives, e.g. a signature). */
      text: string;
      /** Opaque state for this reasoning part (merged into the open reasoning part). */
      providerData?: ProviderData | undefined;
    }
  | {
      /** The open text or reasoning part is complete: what follows starts a new part. */
      type: 'part-end';
    }
  | {
      /**
       * A fragment of a streamed tool call. The first fragment of a call has its `name` (and its
       * `id` where the provider sends one); later ones add `inputDelta` (raw JSON text). A
       * fragment belongs to the call with the same `id`, else the same `index`, else to the
       * latest call; a missing `index` on a named fragment starts a new call.
       */
      type: 'tool-call-fragment';
      /** The provider's position of the call (OpenAI `index`, a content-block index). */
      index?: number | undefined;
      /** The provider's call id, when this fragment carries it. */
      id?: string | undefined;
      /** The tool's name, on the first fragment. */
      name?: string | undefined;
      /** More of the arguments' JSON text. */
      inputDelta?: string | undefined;
      /** Opaque state for this call. */
      providerData?: ProviderData | undefined;
    }
  | {
      /** The tool call at this index is complete (its arguments can be parsed now). */
      type: 'tool-call-end';
      /** The index its fragments used. */
      index: number;
    }
  | {
      /** A whole tool call in one piece (Gemini, Ollama): arguments already parsed. */
      type: 'tool-call';
      /** The provider's call id; undefined when it sent none (one is made up). */
      id?: string | undefined;
      /** The tool's name. */
      name: string;
      /** The parsed arguments; `null`/undefined mean none (`{}`). */
      input: unknown;
      /** Opaque state for this call (e.g. Gemini's `thoughtSignature`). */
      providerData?: ProviderData | undefined;
    }
  | {
      /** The provider's token counts (the last report of an attempt wins). */
      type: 'usage';
      /** Counts as the provider reported them, `reported: true`. */
      usage: Usage;
    }
  | {
      /** The provider said the response is complete. */
      type: 'finish';
      /** The provider's reason mapped to the shared vocabulary (the pipeline may say `tool-calls`). */
      reason: FinishReason;
      /** The provider's own finish reason, '' when it sent none. */
      providerReason: string;
      /**
       * The model the provider says answered (e.g. `gpt-4o-mini-2024-07-18`), when its stream
       * names one; telemetry reports it as `gen_ai.response.model`.
       */
      responseModel?: string | undefined;
    };

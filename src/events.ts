import type { Message, ProviderData } from './messages.js';
import type { FinishReason, ProviderName, RateLimitInfo, Usage } from './types.js';

export type { FinishReason } from './types.js';

/**
 * A complete tool call: the provider's id (or a made-up `call_...` one), the tool's name and
 * its parsed arguments.
 *
 * @category Events
 */
export interface ToolCall {
  /** The provider's call id, kept byte for byte; made up where the provider sent none. */
  id: string;
  /** The tool's name. */
  name: string;
  /** The parsed arguments (`{}` when the model sent none). */
  input: unknown;
  /** Opaque provider state of this call, echoed back in the next request. */
  providerData?: ProviderData;
}

/**
 * One event of `streamEvents`, in the order the provider produced them. A tool call arrives as
 * `tool-call-start`, `tool-call-delta`s as the provider sends them, then one `tool-call`;
 * `tool-result` and `step-finish` appear only in `maxSteps` loops; `finish` is always last.
 *
 * @category Events
 */
export type LLMEvent =
  | {
      /** A piece of the answer text. */
      type: 'text';
      /** The text delta. */
      text: string;
    }
  | {
      /** A piece of the model's reasoning (thinking), never answer text. */
      type: 'reasoning';
      /** The reasoning delta. */
      text: string;
    }
  | {
      /** The model started a tool call. */
      type: 'tool-call-start';
      /** The call id. */
      id: string;
      /** The tool's name. */
      name: string;
    }
  | {
      /** More of a tool call's arguments, raw JSON text as it arrives. */
      type: 'tool-call-delta';
      /** The call id. */
      id: string;
      /** The JSON text delta. */
      inputDelta: string;
    }
  | ({
      /** A complete tool call with its parsed input. */
      type: 'tool-call';
    } & ToolCall)
  | {
      /** A tool's result in a `maxSteps` loop. */
      type: 'tool-result';
      /** The call id. */
      id: string;
      /** The tool's name. */
      name: string;
      /** What the tool returned, or the error message the model receives. */
      output: unknown;
      /** True when the tool threw, was unknown, or its input failed the schema. */
      isError: boolean;
    }
  | {
      /** One model step of a `maxSteps` loop ended. */
      type: 'step-finish';
      /** 1 for the first step. */
      step: number;
      /** Why this step stopped (`tool-calls` when the loop goes on). */
      finishReason: FinishReason;
      /** This step's usage. */
      usage: Usage;
    }
  | {
      /** The call ended normally; always the last event. */
      type: 'finish';
      /** Why the (last) model step stopped, normalised. */
      finishReason: FinishReason;
      /** The provider's own finish reason ('' when it sent none). */
      providerFinishReason: string;
      /** Summed over steps and attempts (what was billed). */
      usage: Usage;
      /** True when the answer came from the response cache. */
      cached: boolean;
      /** HTTP attempts over every step (0 for a cache hit). */
      attempts: number;
      /** Model steps (1 without a `maxSteps` loop). */
      steps: number;
      /** The model that answered. */
      model: string;
      /** The provider of the model that answered. */
      provider: ProviderName;
      /** What the provider's rate-limit headers said, when it sent any. */
      rateLimit?: RateLimitInfo;
    };

/**
 * The whole answer of `generateResponse`.
 *
 * @category Events
 */
export interface LLMResponse {
  /** The answer text of the last step. */
  text: string;
  /** The reasoning text of the last step ('' when none). */
  reasoning: string;
  /** The tool calls of the last step. */
  toolCalls: ToolCall[];
  /** Why the last step stopped, normalised. */
  finishReason: FinishReason;
  /** The provider's own finish reason of the last step ('' when it sent none). */
  providerFinishReason: string;
  /** Summed over steps and attempts (what was billed). */
  usage: Usage;
  /**
   * The messages to append to the conversation: the assistant message(s) with their parts
   * and provider data and, in `maxSteps` loops, the tool messages.
   */
  messages: Message[];
  /** True when every step came from the response cache. */
  cached: boolean;
  /** Model steps (1 without a `maxSteps` loop). */
  steps: number;
  /** The model that answered (with a router: the one that answered). */
  model: string;
  /** The provider of the model that answered. */
  provider: ProviderName;
}

/**
 * @internal One call's response inside the pipeline, with the HTTP attempts it took and what
 * the last response's rate-limit headers said (the `finish` event and `onFinish` report them);
 * the model and provider are added where the call ends.
 */
export type StepResponse = Omit<LLMResponse, 'model' | 'provider'> & {
  attempts: number;
  rateLimit?: RateLimitInfo | undefined;
};

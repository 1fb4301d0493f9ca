import type { MediaSupport } from '../../llm/media/support.js';
import type { ReasoningEffort } from '../../reasoning.js';
import type { ProviderName } from '../../types.js';

/**
 * What a Chat Completions dialect changes in the shared request and stream code. Vendors that
 * speak the protocol under their own class (Mistral) pass one of these without a full preset.
 */
export interface ChatCompletionsDialect {
  /** The provider this dialect speaks for (named in errors). */
  provider: ProviderName;
  /** Send `stream_options.include_usage` (usage only arrives when asked for). */
  includeUsage: boolean;
  /** The body field for the output-token limit. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Whether the API has tool calling (Perplexity's Sonar API has none). */
  tools: boolean;
  /**
   * The assistant-message field that carries reasoning back in later requests, for vendors that
   * want it (DeepSeek `reasoning_content` on tool turns, Cerebras `reasoning`); else not sent.
   */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Tool result messages also carry the tool's `name` (Mistral documents it). */
  toolResultName?: boolean;
  /** The image and file parts the vendor takes (its `ProviderSpec.media`); none when absent. */
  media?: MediaSupport;
  /**
   * How a file (a PDF) is spelt: OpenAI's `file` with `file_data`, Perplexity's `file_url`,
   * Mistral's `document_url`. Goes with `media.files`.
   */
  fileShape?: 'file' | 'file_url' | 'document_url';
  /**
   * How the vendor takes the `reasoning` option: `reasoning_effort`, OpenRouter's `reasoning`
   * object (effort or `max_tokens`), DeepSeek's `thinking` + `reasoning_effort`. Absent: the
   * vendor has no control, and `reasoning` is a ConfigError.
   */
  reasoningControl?: 'reasoning_effort' | 'openrouter' | 'deepseek';
  /** Our efforts the vendor's documented vocabulary lacks, as its nearest word. */
  effortWords?: Partial<Record<ReasoningEffort, string>>;
}

/** Images by URL or inline: what every vision-capable Chat Completions vendor takes. */
const IMAGES: MediaSupport['images'] = { takesUrls: true };
/** PDFs only, as the vendor's file part. */
const PDF = ['application/pdf'];

/** How one vendor's Chat Completions dialect differs from OpenAI's. Data, not code. */
export interface OpenAIChatPreset extends ChatCompletionsDialect {
  /** Default base URL; the client appends `/chat/completions`. */
  baseUrl: string;
  apiKeyEnv: string;
  /** The base-URL env var the vendor's official SDK reads (see ProviderSpec.baseUrlEnv). */
  baseUrlEnv?: { name: string; appendPath?: string };
}

/**
 * The OpenAI-compatible vendors (docs/wire-protocols.md: OpenAI-compatible vendors). Where usage lives needs no entry:
 * the parser reads `usage` (OpenAI, DeepSeek, Together, Fireworks, Cerebras, OpenRouter's final
 * chunk, Perplexity's cumulative copy on every chunk) or Groq's `x_groq.usage`, last one wins.
 * Reasoning deltas (`reasoning_content`, `reasoning`) are never read as answer text.
 */
export const OPENAI_COMPATIBLE_PRESETS = {
  openai: {
    provider: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    apiKeyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: { name: 'OPENAI_BASE_URL' },
    includeUsage: true,
    maxTokensField: 'max_completion_tokens',
    tools: true,
    // Chat Completions takes images by URL, but a PDF only as file_data (or a Files API id).
    media: { images: IMAGES, files: { takesUrls: false, mediaTypes: PDF } },
    fileShape: 'file',
    reasoningControl: 'reasoning_effort',
  },
  groq: {
    provider: 'groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    apiKeyEnv: 'GROQ_API_KEY',
    // groq-sdk's GROQ_BASE_URL is the host; it adds /openai/v1 itself.
    baseUrlEnv: { name: 'GROQ_BASE_URL', appendPath: '/openai/v1' },
    // Groq reports usage on its final chunk (x_groq.usage and usage) without being asked.
    includeUsage: false,
    maxTokensField: 'max_completion_tokens',
    tools: true,
    media: { images: IMAGES },
    reasoningControl: 'reasoning_effort',
    effortWords: { minimal: 'low' },
  },
  deepseek: {
    provider: 'deepseek',
    baseUrl: 'https://api.deepseek.com',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    includeUsage: true,
    maxTokensField: 'max_tokens',
    tools: true,
    // Thinking mode requires the reasoning of tool-calling turns back in every later request.
    reasoningField: 'reasoning_content',
    // No image or file input on its chat API.
    reasoningControl: 'deepseek',
    // Its documented efforts are low, high and max.
    effortWords: { minimal: 'low', medium: 'high' },
  },
  openrouter: {
    provider: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    // include_usage is a deprecated no-op there: usage always comes in a final chunk.
    includeUsage: false,
    maxTokensField: 'max_tokens',
    tools: true,
    media: { images: IMAGES, files: { takesUrls: true, mediaTypes: PDF } },
    fileShape: 'file',
    reasoningControl: 'openrouter',
  },
  together: {
    provider: 'together',
    baseUrl: 'https://api.together.xyz/v1',
    apiKeyEnv: 'TOGETHER_API_KEY',
    baseUrlEnv: { name: 'TOGETHER_BASE_URL' },
    includeUsage: true,
    maxTokensField: 'max_tokens',
    tools: true,
    media: { images: IMAGES },
    reasoningControl: 'reasoning_effort',
    effortWords: { minimal: 'low' },
  },
  fireworks: {
    provider: 'fireworks',
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: 'FIREWORKS_API_KEY',
    includeUsage: true,
    maxTokensField: 'max_tokens',
    tools: true,
    media: { images: IMAGES },
    reasoningControl: 'reasoning_effort',
    effortWords: { minimal: 'low' },
  },
  perplexity: {
    provider: 'perplexity',
    baseUrl: 'https://api.perplexity.ai',
    apiKeyEnv: 'PERPLEXITY_API_KEY',
    // Usage comes cumulatively on every chunk; `[DONE]` is not reliably sent (EOF after the
    // finish chunk ends every Chat Completions stream).
    includeUsage: false,
    maxTokensField: 'max_tokens',
    tools: false,
    media: { images: IMAGES, files: { takesUrls: true, mediaTypes: PDF } },
    fileShape: 'file_url',
    // Reasoning is chosen by model (sonar-reasoning...), not by a request field.
  },
  cerebras: {
    provider: 'cerebras',
    baseUrl: 'https://api.cerebras.ai/v1',
    apiKeyEnv: 'CEREBRAS_API_KEY',
    // The Cerebras SDK's CEREBRAS_BASE_URL is the host; it adds /v1 itself.
    baseUrlEnv: { name: 'CEREBRAS_BASE_URL', appendPath: '/v1' },
    includeUsage: false,
    maxTokensField: 'max_completion_tokens',
    tools: true,
    // Cerebras takes earlier reasoning back as `reasoning` (not `reasoning_content`).
    reasoningField: 'reasoning',
    // Image input is not documented.
    reasoningControl: 'reasoning_effort',
    effortWords: { minimal: 'low' },
  },
} as const satisfies Record<string, OpenAIChatPreset>;

/** The Azure OpenAI API version sent when neither `apiVersion` nor OPENAI_API_VERSION says. */
export function azureApiVersion(given: string | undefined): string {
  return given ?? process.env.OPENAI_API_VERSION ?? '2024-10-21';
}

/** Azure speaks OpenAI's dialect at a deployment URL; only the URL and the key header differ. */
export const AZURE_PRESET: OpenAIChatPreset = {
  provider: 'azure',
  baseUrl: '',
  apiKeyEnv: 'AZURE_OPENAI_API_KEY',
  // The resource endpoint, which is Azure's base URL.
  baseUrlEnv: { name: 'AZURE_OPENAI_ENDPOINT' },
  includeUsage: true,
  maxTokensField: 'max_completion_tokens',
  tools: true,
  media: OPENAI_COMPATIBLE_PRESETS.openai.media,
  fileShape: 'file',
  reasoningControl: 'reasoning_effort',
};

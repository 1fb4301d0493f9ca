/**
 * The bundled price table: data only, USD per 1 million tokens, standard (non-batch,
 * non-priority) on-demand rates, short-context tier.
 *
 * Read on 2026-11-25 from stored copies of the pages below (the date in brackets is the date
 * the copy itself shows, or the date its author says they read the provider's page). Prices
 * change: check the provider before you bill anyone, and pass `prices` to override an entry.
 *
 * - OpenAI (Azure OpenAI global deployments list the same rates; use the underlying model
 *   name, not the deployment name): developers.openai.com/api/docs/pricing, as transcribed by
 *   api-evangelist/openai plans/openai-plans-pricing.yml [2026-05-22], tokenmix.ai [2026-06-04],
 *   morphllm.com [2026-06], deploybase.ai [2026-03]; gpt-5.6 rates from the "OpenAI standard list
 *   price" rows of AWS's Bedrock price table (aws/agent-toolkit-for-aws bedrock_pricing.py,
 *   [2026-10-05]), cached-input rate from docs.apiyi.com's table.
 * - Anthropic: platform.claude.com/docs/en/about-claude/pricing and the model pages
 *   (platform.claude.com/docs/.../models/*), [2026-09/10]. Claude Sonnet 5.5's cache-read cut
 *   to $0.10 (2026-10-07) is from three tools' release notes that re-read the pricing page
 *   (kurofune/claudit v1.9.2, TheKrush/PromptFuel v1.0.23, mahype/token-stats v0.3.2) and
 *   matches AWS's 1.1x Bedrock rate ($0.11, apify.com/apify/aws-bedrock-proxy).
 * - Gemini: ai.google.dev/gemini-api/docs/pricing as quoted by deploybase.ai [2026-03] and
 *   hivebook.wiki; cached rates are the page's 90 % context-caching discount.
 * - Cohere: cohere.com/pricing (Command R, Command R7B; capture of 2026-11-11 quoted by
 *   docs.flexprice.io) and its FAQ's legacy per-token list (Command A).
 * - Mistral: docs.mistral.ai model card of Mistral Medium 3.5, quoted in
 *   braintrustdata/braintrust-proxy#802 [2026-05].
 * - Bedrock: aws.amazon.com/bedrock/pricing as tabled in aws/agent-toolkit-for-aws
 *   bedrock_pricing.py [verified 2026-10-05]. Global (and bare) ids pay the base rate; `us.`
 *   and `eu.` inference profiles pay 10 % more. Other geo prefixes are deliberately unknown.
 * - Groq: groq.com/pricing and console.groq.com/docs/models as quoted by the aicost crate,
 *   jeremylongshore's groq-cost-tuning skill and braintrust-proxy#479/#925 [2026].
 * - OpenRouter: openrouter.ai/models/openai/gpt-4o-mini; other `vendor/model` ids resolve to
 *   the vendor's own price, which OpenRouter passes through.
 * - Together: openai/gpt-oss-120b from Together's serverless model list, as checked in
 *   braintrust-proxy#566 [2026].
 * - Fireworks: docs.fireworks.ai/serverless/pricing [2026].
 * - Perplexity: docs.perplexity.ai/getting-started/pricing (token prices only; the per-request
 *   search fee is not a token cost and is not included).
 * - Cerebras: gpt-oss-120b as listed for Cerebras by harn-vm's catalog [verified 2026-06-12],
 *   lava.so and getmaxim.ai.
 * - Ollama: local, no bill. `ollama/<model>` costs 0; a bare local model name is unknown.
 * - Embedding models (input only, `output: 0`): OpenAI's text-embedding-3-small/-large and
 *   ada-002 from openai.com/api/pricing as tabled by embeddingcost.com [2026-05], tokenmix.ai
 *   [2026-04] and costgoat.com; Cohere embed-v4.0 (text) and the v3 models from cohere.com/pricing
 *   as quoted by aitot.net [2026] and deploybase.ai; Gemini gemini-embedding-001 from
 *   ai.google.dev/gemini-api/docs/pricing via embeddingcost.com [2026-05]; Mistral mistral-embed
 *   via aitot.net [2026]; Bedrock Titan Text Embeddings V2 ($0.00002 per 1K) and Cohere Embed on
 *   Bedrock from aws.amazon.com/bedrock/pricing as quoted in AWS workshop and architecture notes
 *   [2026-10]; Together's BAAI/bge-large-en-v1.5 and Fireworks' nomic-embed-text-v1.5 via
 *   aitot.net [2026].
 *
 * Left out on purpose (no price we could confirm, or one number cannot describe it):
 * DeepSeek (bills by time of day since 2026-08-16, peak and off-peak; deepseek-chat and
 * deepseek-reasoner were retired on 2026-07-24), Together's and Groq's other models, Mistral
 * Small/Large, Gemini 3.x and 4.x cached rates, Claude Fable/Mythos, gpt-6 ids.
 *
 * Known limits: long-prompt surcharges (GPT-5.5 over 272K input, Gemini 2.5 Pro over 200K,
 * Claude Haiku 5.5 over 100K) are not modelled, so such calls are under-estimated. Cohere bills
 * `billed_units`, which can be far below the `usage.tokens` this library reports.
 */

/**
 * USD per 1 million tokens for one model.
 *
 * @category Usage and cost
 */
export interface ModelPrice {
  /** Uncached input (prompt) tokens. */
  readonly input: number;
  /** Output tokens, reasoning included. */
  readonly output: number;
  /** Input tokens read from the provider's prompt cache. Absent: billed at `input`. */
  readonly cachedInput?: number;
  /** Input tokens written to the prompt cache (Anthropic's 5-minute write). Absent: `input`. */
  readonly cacheWrite?: number;
}

/**
 * Model id -> price. Keys are matched case-insensitively; a key ending in `*` matches every
 * id that starts with what comes before it (`ollama/*`).
 *
 * @category Usage and cost
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * The day the bundled table was read.
 *
 * @category Usage and cost
 */
export const PRICES_AS_OF = '2026-11-25';

const FREE: ModelPrice = { input: 0, output: 0 };

const CLAUDE_OPUS_4_5_TO_5: ModelPrice = {
  input: 5,
  output: 25,
  cachedInput: 0.5,
  cacheWrite: 6.25,
};
const CLAUDE_SONNET_4: ModelPrice = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };

const TABLE: PriceTable = {
  // OpenAI
  'gpt-5.6-sol': { input: 4, output: 20, cachedInput: 0.4 },
  'gpt-5.6-terra': { input: 2, output: 12, cachedInput: 0.2 },
  'gpt-5.6-luna': { input: 0.2, output: 1.2, cachedInput: 0.02 },
  'gpt-5.5': { input: 5, output: 30, cachedInput: 0.5 },
  'gpt-5.4': { input: 2.5, output: 15, cachedInput: 0.25 },
  'gpt-5.4-mini': { input: 0.75, output: 4.5, cachedInput: 0.075 },
  'gpt-5.4-nano': { input: 0.2, output: 1.25, cachedInput: 0.02 },
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  o3: { input: 2, output: 8, cachedInput: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },

  // Anthropic (dated ids such as claude-haiku-4-5-20251001 resolve to these)
  'claude-opus-5-5': { input: 4, output: 20, cachedInput: 0.2, cacheWrite: 5 },
  'claude-opus-5': CLAUDE_OPUS_4_5_TO_5,
  'claude-opus-4-8': CLAUDE_OPUS_4_5_TO_5,
  'claude-opus-4-7': CLAUDE_OPUS_4_5_TO_5,
  'claude-opus-4-6': CLAUDE_OPUS_4_5_TO_5,
  'claude-opus-4-5': CLAUDE_OPUS_4_5_TO_5,
  'claude-sonnet-5-5': { input: 2, output: 10, cachedInput: 0.1, cacheWrite: 2.5 },
  'claude-sonnet-5': { input: 2, output: 10, cachedInput: 0.2, cacheWrite: 2.5 },
  'claude-sonnet-4-6': CLAUDE_SONNET_4,
  'claude-sonnet-4-5': CLAUDE_SONNET_4,
  'claude-haiku-5-5': { input: 0.1, output: 0.5, cachedInput: 0.01, cacheWrite: 0.125 },
  'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08, cacheWrite: 1 },

  // Gemini
  'gemini-2.5-pro': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cachedInput: 0.03 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cachedInput: 0.01 },
  'gemini-3-pro-preview': { input: 2, output: 12 },

  // Cohere
  'command-a-03-2025': { input: 2.5, output: 10 },
  'command-r-08-2024': { input: 0.15, output: 0.6 },
  'command-r7b-12-2024': { input: 0.0375, output: 0.15 },

  // Mistral
  'mistral-medium-3-5': { input: 1.5, output: 7.5 },
  'mistral-medium-3-5-26-04': { input: 1.5, output: 7.5 },
  'mistral-medium-latest': { input: 1.5, output: 7.5 },

  // Bedrock (version suffixes like -v1:0 and dates are stripped before lookup)
  'anthropic.claude-sonnet-5': { input: 2, output: 10 },
  'us.anthropic.claude-sonnet-5': { input: 2.2, output: 11 },
  'eu.anthropic.claude-sonnet-5': { input: 2.2, output: 11 },
  'anthropic.claude-sonnet-4-6': { input: 3, output: 15 },
  'us.anthropic.claude-sonnet-4-6': { input: 3.3, output: 16.5 },
  'eu.anthropic.claude-sonnet-4-6': { input: 3.3, output: 16.5 },
  'anthropic.claude-opus-4-8': { input: 5, output: 25 },
  'us.anthropic.claude-opus-4-8': { input: 5.5, output: 27.5 },
  'eu.anthropic.claude-opus-4-8': { input: 5.5, output: 27.5 },
  'anthropic.claude-haiku-4-5': { input: 1, output: 5 },
  'us.anthropic.claude-haiku-4-5': { input: 1.1, output: 5.5 },
  'eu.anthropic.claude-haiku-4-5': { input: 1.1, output: 5.5 },
  'amazon.nova-micro': { input: 0.035, output: 0.14 },
  'amazon.nova-lite': { input: 0.06, output: 0.24 },
  'amazon.nova-pro': { input: 0.8, output: 3.2 },

  // Groq
  'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
  'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
  // Groq and Together list the same rate for this id.
  'openai/gpt-oss-120b': { input: 0.15, output: 0.6 },

  // OpenRouter
  'openai/gpt-4o-mini': { input: 0.15, output: 0.6 },

  // Fireworks
  'accounts/fireworks/models/gpt-oss-120b': { input: 0.15, output: 0.6, cachedInput: 0.015 },
  'accounts/fireworks/models/gpt-oss-20b': { input: 0.07, output: 0.3, cachedInput: 0.035 },
  'accounts/fireworks/models/kimi-k2p6': { input: 0.95, output: 4, cachedInput: 0.16 },
  'accounts/fireworks/models/kimi-k2p5': { input: 0.6, output: 3, cachedInput: 0.1 },
  'accounts/fireworks/models/deepseek-v3p2': { input: 0.56, output: 1.68, cachedInput: 0.28 },
  'accounts/fireworks/models/deepseek-v3p1': { input: 0.56, output: 1.68, cachedInput: 0.28 },

  // Perplexity (token prices; request fees excluded)
  sonar: { input: 1, output: 1 },
  'sonar-pro': { input: 3, output: 15 },
  'sonar-reasoning-pro': { input: 2, output: 8 },

  // Cerebras
  'gpt-oss-120b': { input: 0.35, output: 0.75 },

  // Ollama: runs locally, nothing is billed.
  'ollama/*': FREE,

  // Embedding models: input tokens only.
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  'embed-v4.0': { input: 0.12, output: 0 },
  'embed-english-v3.0': { input: 0.1, output: 0 },
  'embed-multilingual-v3.0': { input: 0.1, output: 0 },
  'gemini-embedding-001': { input: 0.15, output: 0 },
  'mistral-embed': { input: 0.1, output: 0 },
  // Bedrock ids with their version: stripping it would merge Titan v1 and v2.
  'amazon.titan-embed-text-v2:0': { input: 0.02, output: 0 },
  'cohere.embed-v4:0': { input: 0.12, output: 0 },
  'cohere.embed-english-v3': { input: 0.1, output: 0 },
  'cohere.embed-multilingual-v3': { input: 0.1, output: 0 },
  'BAAI/bge-large-en-v1.5': { input: 0.008, output: 0 },
  'nomic-ai/nomic-embed-text-v1.5': { input: 0.008, output: 0 },
};

/**
 * The bundled table, frozen. Read it, copy it, or override entries through `prices`.
 *
 * @category Usage and cost
 */
export const DEFAULT_PRICES: PriceTable = Object.freeze(
  Object.fromEntries(Object.entries(TABLE).map(([id, price]) => [id, Object.freeze({ ...price })])),
);

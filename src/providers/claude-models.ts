/**
 * Whether a Claude model has native structured output (Anthropic `output_config.format`,
 * Bedrock `outputConfig.textFormat`): Opus 4.1, the 4.5 models and everything newer; not
 * Claude 1 to 3, Sonnet 4 or Opus 4. Works on Anthropic ids and on Bedrock ids, inference
 * profiles and ARNs (`us.anthropic.claude-sonnet-4-5-...`); an id that names no Claude model
 * (another vendor's model on Bedrock, a proxy's alias) is not known to have it.
 */
export function claudeHasStructuredOutput(modelId: string): boolean {
  const id = /claude-[^/]*$/i.exec(modelId)?.[0].toLowerCase();
  if (id === undefined) return false;
  return !/^claude-(instant|[1-3])|^claude-(sonnet|opus)-4(-\d{8}|-v\d|:|$)/.test(id);
}

/**
 * Splitting texts into requests within a provider's limits.
 *
 * Where a provider caps the tokens of one request (OpenAI 300,000, Mistral 16,384), the split
 * needs each text's token count, and we never run a tokenizer. Instead each text counts as its
 * UTF-8 bytes plus a few tokens: every token of a byte-level BPE (OpenAI's) or SentencePiece
 * vocabulary (Mistral's, with byte fallback) stands for at least one byte of the text, so
 * tokens <= bytes + the start/end tokens a model may add. The bound is never below the real
 * count, so a batch within it is within the limit; the price is more requests than a tokenizer
 * would make for long texts (English is about four bytes a token).
 */

/** Start, end and separator tokens a model may add to one text, on top of its bytes. */
export const ADDED_TOKENS_PER_TEXT = 4;

/** An upper bound of the tokens of `text` (see above). */
export function tokenBound(text: string): number {
  return Buffer.byteLength(text, 'utf8') + ADDED_TOKENS_PER_TEXT;
}

/** One request's share of the texts: their positions in the list that was split. */
export type Batch = number[];

/**
 * Consecutive batches of at most `maxTexts` texts and, when `maxTokens` is given, at most
 * `maxTokens` by {@link tokenBound}. A single text over `maxTokens` goes alone: the provider's
 * own answer (a 400 naming its limit) then says which text is too long.
 */
export function splitIntoBatches(
  texts: readonly string[],
  maxTexts: number,
  maxTokens: number | undefined,
): Batch[] {
  const batches: Batch[] = [];
  let current: Batch = [];
  let tokens = 0;
  texts.forEach((text, index) => {
    const bound = maxTokens === undefined ? 0 : tokenBound(text);
    const full =
      current.length === maxTexts || (maxTokens !== undefined && tokens + bound > maxTokens);
    if (current.length > 0 && full) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(index);
    tokens += bound;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

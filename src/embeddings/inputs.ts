import { show } from '../config.js';
import { AbortError, ConfigError } from '../errors.js';
import type { InputTypeValues } from './spec.js';
import type { EmbedCallOptions, EmbeddingInputType } from './types.js';

const EMBED_OPTION_NAMES = ['inputType', 'signal', 'cache', 'onFinish'];
const INPUT_TYPES: readonly EmbeddingInputType[] = ['query', 'document'];

/**
 * The texts of one call: an array of non-empty strings. Every provider refuses an empty input
 * (OpenAI with a 400), so one is a ConfigError here, naming its position, before any request.
 */
export function checkTexts(texts: unknown): readonly string[] {
  if (!Array.isArray(texts)) {
    const hint =
      typeof texts === 'string' ? ' For one text, use embedOne(text) or embed([text]).' : '';
    throw new ConfigError(
      `embed() expects an array of strings (got ${show(texts)}).${hint}`,
      'texts',
    );
  }
  texts.forEach((text: unknown, index) => {
    if (typeof text !== 'string') {
      throw new ConfigError(
        `texts[${index}] must be a string (got ${show(text)}).`,
        `texts[${index}]`,
      );
    }
    if (text === '') {
      throw new ConfigError(
        `texts[${index}] is an empty string, which embeddings APIs refuse: leave it out, or embed a placeholder.`,
        `texts[${index}]`,
      );
    }
  });
  return texts as string[];
}

/** Per-call options; an unknown name or a bad value is a ConfigError before any request. */
export function checkEmbedOptions(options: unknown): EmbedCallOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(
      `Embed options must be an object such as { inputType: 'query' } (got ${show(options)}).`,
      'options',
    );
  }
  for (const name of Object.keys(options)) {
    if (!EMBED_OPTION_NAMES.includes(name)) {
      const hint = name === 'input_type' ? " Did you mean 'inputType'?" : '';
      throw new ConfigError(
        `Unknown embed option '${name}'.${hint} Valid options: ${EMBED_OPTION_NAMES.join(', ')}.`,
        name,
      );
    }
  }
  const { inputType, signal, cache, onFinish } = options as EmbedCallOptions;
  if (inputType !== undefined && !INPUT_TYPES.includes(inputType)) {
    throw new ConfigError(
      `inputType must be 'query' or 'document' (got ${show(inputType)}).`,
      'inputType',
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ConfigError('signal must be an AbortSignal.', 'signal');
  }
  if (cache !== undefined && typeof cache !== 'boolean') {
    throw new ConfigError(
      `cache must be true or false (got ${show(cache)}); false skips the cache for this call.`,
      'cache',
    );
  }
  if (onFinish !== undefined && typeof onFinish !== 'function') {
    throw new ConfigError('onFinish must be a function.', 'onFinish');
  }
  return options as EmbedCallOptions;
}

/** The provider's own value of an input type (its default when the call named none). */
export function inputTypeValue(
  values: InputTypeValues | undefined,
  inputType: EmbeddingInputType | undefined,
): string | undefined {
  if (values === undefined) return undefined;
  return inputType === undefined ? values.default : values[inputType];
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

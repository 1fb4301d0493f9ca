import { ConfigError } from '../../errors.js';
import type { CallOptions } from '../../types.js';
import { TOOL_NAME } from '../tool-definitions.js';
import type { StructuredMode, StructuredOptions } from './types.js';

/** The structured options of one call, checked, with their defaults. */
export interface StructuredSettings {
  /** What was asked for; `auto` is resolved per provider later. */
  mode: 'auto' | StructuredMode;
  name: string;
  description: string | undefined;
  repairAttempts: number;
}

const MODES = ['auto', 'native', 'tool', 'json'];

/** The default output name: the forced tool's name in the AI SDK and in the recorded streams. */
export const DEFAULT_OUTPUT_NAME = 'json';

/**
 * Split a call's options into the structured settings (checked here, with field-naming
 * ConfigErrors) and the ordinary call options (checked by the pipeline as for any call).
 */
export function splitStructuredOptions(options: StructuredOptions): {
  settings: StructuredSettings;
  callOptions: CallOptions;
} {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('Call options must be an object such as { mode: "auto" }.', 'options');
  }
  const { mode = 'auto', name, description, repairAttempts = 2, ...callOptions } = options;
  if (!MODES.includes(mode)) {
    throw new ConfigError(
      `mode must be 'auto', 'native', 'tool' or 'json' (got ${JSON.stringify(mode)}).`,
      'mode',
    );
  }
  if (name !== undefined && (typeof name !== 'string' || !TOOL_NAME.test(name))) {
    throw new ConfigError(
      `name must be letters, digits, _ and - (at most 64), as every provider accepts (got ${JSON.stringify(name)}).`,
      'name',
    );
  }
  if (description !== undefined && typeof description !== 'string') {
    throw new ConfigError('description must be a string.', 'description');
  }
  if (!(Number.isInteger(repairAttempts) && repairAttempts >= 0)) {
    throw new ConfigError(
      `repairAttempts must be an integer >= 0 (got ${String(repairAttempts)}); 0 throws at the first bad answer.`,
      'repairAttempts',
    );
  }
  return {
    settings: { mode, name: name ?? DEFAULT_OUTPUT_NAME, description, repairAttempts },
    callOptions,
  };
}

// Loaded with `node --import`: installs the resolve-logging hook before anything else runs.
import { register } from 'node:module';
import process from 'node:process';

register('./resolve-log-hook.mjs', import.meta.url, {
  data: { logPath: process.env.RESOLVE_LOG },
});

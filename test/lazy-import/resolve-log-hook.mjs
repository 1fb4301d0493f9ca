// A Node module hook (see register-resolve-log.mjs): appends every resolved module URL to a
// log file, synchronously, so the test can see exactly which packages a process loaded.
import { appendFileSync } from 'node:fs';

let logPath;

export function initialize(data) {
  logPath = data.logPath;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(logPath, `${result.url}\n`);
  return result;
}

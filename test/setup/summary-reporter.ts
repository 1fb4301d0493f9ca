import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line after vitest's own summary, so CI logs can be read by tools
 * that look for it: `N passed, N failed, N skipped (F files)`. A test file that failed to load
 * (a missing fixture, a syntax error, a throw at import) has no tests to count, so it counts as
 * one failure of its own, and so does every error vitest caught outside a test: a green line
 * must mean that every file ran.
 */
export default class SummaryReporter implements Reporter {
  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): Promise<void> {
    // vitest prints its own summary from the same end-of-run hook; ours goes after it, last.
    await new Promise((resolve) => setImmediate(resolve));
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const unloaded: string[] = [];
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // Errors outside any test: the file did not collect, or a hook at its top level threw.
      if (failedHere === 0 && (module.state() === 'failed' || module.errors().length > 0)) {
        failedHere = 1;
        unloaded.push(module.moduleId);
      }
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    const notes = [`${testModules.length} files`];
    if (unloaded.length > 0) notes.push(`${unloaded.length} failed to load`);
    if (unhandledErrors.length > 0) notes.push(`${unhandledErrors.length} unhandled errors`);
    process.stdout.write('\n');
    for (const file of unloaded) process.stdout.write(`failed to load: ${file}\n`);
    process.stdout.write(
      `${passed} passed, ${failed} failed, ${skipped} skipped (${notes.join(', ')})\n`,
    );
  }
}

import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

/**
 * Prints the matrix and the container stage as per-pair tables, every skip with its reason, and
 * the closing line `N passed, N failed, N skipped` that CI reads.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>): void {
    const tests: TestCase[] = modules.flatMap((m) => [...m.children.allTests()]);
    const count = { passed: 0, failed: 0, skipped: 0 };
    const matrix: string[] = [];
    const containers: string[] = [];
    const skips: string[] = [];
    for (const t of tests) {
      const r = t.result();
      const state = r.state === 'pending' ? 'skipped' : r.state;
      count[state as keyof typeof count] += 1;
      if (state === 'skipped')
        skips.push(`  SKIPPED ${t.fullName}${'note' in r && r.note ? `: ${r.note}` : ''}`);
      const table = t.module.moduleId.includes('/matrix/')
        ? matrix
        : t.module.moduleId.includes('/containers/')
          ? containers
          : undefined;
      if (table) {
        const secs = (t.diagnostic()?.duration ?? 0) / 1000;
        const why =
          state === 'failed'
            ? ` ${(r.errors?.[0]?.message ?? '').split('\n')[0].slice(0, 110)}`
            : '';
        table.push(
          `  ${t.name.padEnd(34)} ${state.toUpperCase().padEnd(8)} ${secs.toFixed(1).padStart(6)}s${why}`,
        );
      }
    }
    // An error outside any test (a crashed file, an unhandled rejection) fails the run too.
    for (const m of modules)
      if (m.state() === 'failed' && ![...m.children.allTests()].length) count.failed += 1;
    count.failed += errors.length;
    const out: string[] = [''];
    if (matrix.length) out.push('Matrix (framework × server):', ...matrix, '');
    if (containers.length)
      out.push(
        'Containers (podman: image, Kubernetes securityContext, compose behind nginx):',
        ...containers,
        '',
      );
    if (skips.length) out.push(`${skips.length} skipped, each with its reason:`, ...skips, '');
    out.push(`${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

/** The end of a test's name that runs a project with the postgres add-on: its own section. */
export const POSTGRES_TAG = '+ postgres';

const SECTIONS = {
  matrix: 'Matrix (framework × server):',
  containers: 'Containers (podman: image, Kubernetes securityContext, compose behind nginx):',
  pgMatrix:
    'Matrix with PostgreSQL (each framework on its default server, --postgres, a cluster each):',
  pgContainers:
    'Containers with PostgreSQL (compose: db, migrate, app, nginx; down and up; a failing migration):',
} as const;
type Section = keyof typeof SECTIONS;

function sectionOf(t: TestCase): Section | undefined {
  const pg = t.name.endsWith(POSTGRES_TAG);
  if (t.module.moduleId.includes('/matrix/')) return pg ? 'pgMatrix' : 'matrix';
  if (t.module.moduleId.includes('/containers/')) return pg ? 'pgContainers' : 'containers';
  return undefined;
}

/**
 * Prints the matrix, its PostgreSQL runs and the container stage as per-pair tables, every skip
 * with its reason, and the closing line `N passed, N failed, N skipped` that CI reads.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>): void {
    const tests: TestCase[] = modules.flatMap((m) => [...m.children.allTests()]);
    const count = { passed: 0, failed: 0, skipped: 0 };
    const tables: Record<Section, string[]> = {
      matrix: [],
      containers: [],
      pgMatrix: [],
      pgContainers: [],
    };
    // The PostgreSQL runs share their files' wall clock with nothing else: the budget CI keeps.
    const pgFiles = new Map<TestModule, Section>();
    const skips: string[] = [];
    for (const t of tests) {
      const r = t.result();
      const state = r.state === 'pending' ? 'skipped' : r.state;
      count[state as keyof typeof count] += 1;
      if (state === 'skipped')
        skips.push(`  SKIPPED ${t.fullName}${'note' in r && r.note ? `: ${r.note}` : ''}`);
      const section = sectionOf(t);
      if (!section) continue;
      if (section === 'pgMatrix' || section === 'pgContainers') pgFiles.set(t.module, section);
      const secs = (t.diagnostic()?.duration ?? 0) / 1000;
      const why =
        state === 'failed' ? ` ${(r.errors?.[0]?.message ?? '').split('\n')[0].slice(0, 400)}` : '';
      tables[section].push(
        `  ${t.name.padEnd(34)} ${state.toUpperCase().padEnd(8)} ${secs.toFixed(1).padStart(6)}s${why}`,
      );
    }
    for (const [m, section] of pgFiles) {
      const secs = (m.diagnostic().duration / 1000).toFixed(0);
      const file = m.moduleId.split('/test/').at(-1);
      tables[section].push(`  (test/${file}: ${secs}s in all)`);
    }
    // An error outside any test (a crashed file, an unhandled rejection) fails the run too.
    for (const m of modules)
      if (m.state() === 'failed' && ![...m.children.allTests()].length) count.failed += 1;
    count.failed += errors.length;
    const out: string[] = [''];
    for (const section of Object.keys(SECTIONS) as Section[])
      if (tables[section].length) out.push(SECTIONS[section], ...tables[section], '');
    if (skips.length) out.push(`${skips.length} skipped, each with its reason:`, ...skips, '');
    out.push(`${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

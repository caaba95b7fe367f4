import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from 'vitest/node';

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

/** A test file as the repository names it: test/matrix/pairs.test.ts. */
function fileOf(m: TestModule): string {
  return `test/${m.moduleId.split('/test/').at(-1)}`;
}

/** Failed with none of its tests failing: a crashed file, a failing beforeAll. */
function failedOutsideTests(entity: TestModule | TestSuite): boolean {
  return (
    entity.state() === 'failed' &&
    ![...entity.children.allTests()].some((t) => t.result().state === 'failed')
  );
}

/**
 * The files and suites that failed outside their tests, innermost only (a suite's failure fails
 * its file too), each with the first line of its error: their tests never ran, and vitest counts
 * them as skipped, yet the run fails. Each is one failure in the closing line.
 */
function brokenOutsideTests(modules: ReadonlyArray<TestModule>): string[] {
  const broken: string[] = [];
  for (const m of modules) {
    const suites = [...m.children.allSuites()].filter(failedOutsideTests);
    const innermost = suites.filter(
      (s) => ![...s.children.allSuites()].some((inner) => suites.includes(inner)),
    );
    const entities: (TestModule | TestSuite)[] = innermost.length
      ? innermost
      : failedOutsideTests(m)
        ? [m]
        : [];
    const file = fileOf(m);
    for (const e of entities) {
      const why = e.errors()[0]?.message?.split('\n')[0] ?? 'no error recorded';
      broken.push(`  FAILED ${e.type === 'suite' ? `${file} > ${e.name}` : file}: ${why}`);
    }
  }
  return broken;
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
      if (state === 'skipped') {
        const why =
          'note' in r && r.note
            ? r.note
            : failedOutsideTests(t.module)
              ? 'not run, its file failed outside its tests (above)'
              : '';
        skips.push(`  SKIPPED ${t.fullName}${why ? `: ${why}` : ''}`);
      }
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
      tables[section].push(`  (${fileOf(m)}: ${secs}s in all)`);
    }
    // A failure outside any test (a crashed file, a failing beforeAll, an unhandled rejection)
    // fails the run too, and the closing line says so.
    const broken = brokenOutsideTests(modules);
    count.failed += broken.length + errors.length;
    const out: string[] = [''];
    for (const section of Object.keys(SECTIONS) as Section[])
      if (tables[section].length) out.push(SECTIONS[section], ...tables[section], '');
    if (broken.length)
      out.push(`${broken.length} failed outside their tests, which did not run:`, ...broken, '');
    if (skips.length) out.push(`${skips.length} skipped, each with its reason:`, ...skips, '');
    out.push(`${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The release step's failure the test plants: its table does not exist, whatever the framework. */
export const BROKEN = 'no_such_table_pyweb_broken';

/**
 * A second migration that fails, beside the project's first: Django's in the app's migrations
 * package, else Alembic's (Flask-Migrate keeps the same layout) after the current head.
 */
export async function breakMigrations(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true }))
    .map(String)
    .filter((f) => !f.startsWith('.venv/') && f.endsWith('.py'));
  const sql = `SELECT broken FROM ${BROKEN}`;
  const django = files.find(
    (f) => /(^|\/)migrations\/0001_\w+\.py$/.test(f) && !f.includes('versions/'),
  );
  if (existsSync(join(dir, 'manage.py')) && django) {
    const app = basename(dirname(dirname(join(dir, django))));
    const file = join(dirname(join(dir, django)), '0002_broken.py');
    await writeFile(
      file,
      `from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("${app}", "${basename(django, '.py')}")]\n    operations = [migrations.RunSQL("${sql}")]\n`,
    );
    return file;
  }
  const versions = files.filter((f) => /(^|\/)migrations\/versions\/[^/]+\.py$/.test(f));
  if (!versions.length) throw new Error('no Django migration and no migrations/versions/ here');
  const revisions: string[] = [];
  const downs = new Set<string>();
  for (const f of versions) {
    const text = await readFile(join(dir, f), 'utf8');
    const rev = /^revision(?::\s*str)?\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    const down = /^down_revision(?::[^=]+)?\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    if (rev) revisions.push(rev);
    if (down) downs.add(down);
  }
  const heads = revisions.filter((r) => !downs.has(r));
  if (heads.length !== 1) throw new Error(`migrations/versions/ has heads ${heads.join(', ')}`);
  const file = join(dir, dirname(versions[0]), 'zz_broken.py');
  await writeFile(
    file,
    `"""A migration that fails (the container stage's)."""\n\nfrom alembic import op\n\nrevision = "pyweb_broken"\ndown_revision = "${heads[0]}"\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    op.execute("${sql}")\n\n\ndef downgrade() -> None:\n    pass\n`,
  );
  return file;
}

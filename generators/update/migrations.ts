import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesRoot } from '../project/template-files.js';

/**
 * The table of files create-pyweb renamed between versions (templates/migrations.json), so that
 * `update` follows a rename as data: no version's special case lives in code.
 */
export interface Rename {
  from: string;
  /** The paths the file may have now; the one the current render writes is taken. */
  to: string[];
  why: string;
}

interface Table {
  renamed: { from: string; to: string[]; why: string }[];
}

/** The renames with `{{glue}}` filled in for a project whose serving glue lives in `glueDir`. */
export function renames(glueDir: string, table: Table = readTable()): Rename[] {
  const fill = (path: string) => path.replaceAll('{{glue}}', glueDir);
  return table.renamed.map((r) => ({ from: fill(r.from), to: r.to.map(fill), why: r.why }));
}

function readTable(): Table {
  return JSON.parse(readFileSync(join(templatesRoot(), 'migrations.json'), 'utf8')) as Table;
}

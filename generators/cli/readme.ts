import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ADDONS, FRAMEWORKS, SERVER_ADDON } from '../catalog/index.js';
import { buildStack } from '../project/stack.js';
import { developTarget } from '../serve/develop.js';
import {
  ADD_FLAGS,
  FLAGS,
  RECOMMEND_FLAGS,
  SERVE_FLAGS,
  UPDATE_FLAGS,
  type FlagDef,
} from './flags.js';
import { supportTable } from './list.js';

/** Markdown table of the flags, from the same table that parses them. */
export function flagsTable(flags: FlagDef[] = FLAGS): string {
  const rows = flags.map((f) => {
    const name = `${f.alias ? `\`-${f.alias}\`, ` : ''}\`--${f.name}\`${f.negatable ? `, \`--no-${f.name}\`` : ''}`;
    const values = f.values ? ` One of: ${f.values.map((v) => `\`${v}\``).join(', ')}.` : '';
    const sentence = /[.?!]$/.test(f.description) ? f.description : `${f.description}.`;
    return `| ${name} | ${sentence}${values} | ${f.default ?? ''} |`;
  });
  return ['| flag | what | default |', '|---|---|---|', ...rows].join('\n');
}

/** The add-ons, from the add-on table. */
export function addonsTable(): string {
  const rows = ADDONS.map(
    (a) =>
      `| \`${a.id}\` | ${a.description}. | ${a.requires.map((r) => `\`${r}\``).join(', ')} | ${a.defaultLabel} |`,
  );
  rows.push(`| \`${SERVER_ADDON.title}\` | ${SERVER_ADDON.description}. | | |`);
  return ['| add-on | what | needs | in a new project |', '|---|---|---|---|', ...rows].join('\n');
}

/** Each framework's generated layout and development command, for a project named `shop`. */
export function layoutsTable(): string {
  const rows = FRAMEWORKS.map((f) => {
    const stack = buildStack('shop', f.id, undefined);
    const own = f.develop?.[stack.pair.interface];
    const dev = own
      ? `\`${developTarget(stack).dev}\``
      : `the server's reloader (\`${stack.serve.dev}\`)`;
    return `| ${f.label} | ${f.layout} | ${dev} |`;
  });
  return ['| framework | layout | develop with |', '|---|---|---|', ...rows].join('\n');
}

/** What --postgres writes per framework: its ORM, its migrations and the release step. */
export function databaseTable(): string {
  const rows = FRAMEWORKS.map((f) => {
    const stack = buildStack('shop', f.id, undefined);
    const db = f.database;
    return `| ${f.label} | ${db.orm} | ${db.migrations} | \`${db.migrate(stack.names.pkg).join(' ')}\` |`;
  });
  return [
    '| framework | ORM (driver) | migrations | release step, for a project named `shop` |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const SECTIONS: Record<string, () => string> = {
  flags: () => flagsTable(),
  addons: addonsTable,
  'add-flags': () => flagsTable(ADD_FLAGS),
  'update-flags': () => flagsTable(UPDATE_FLAGS),
  'serve-flags': () => flagsTable(SERVE_FLAGS),
  needs: () => flagsTable(RECOMMEND_FLAGS),
  support: supportTable,
  layouts: layoutsTable,
  database: databaseTable,
};

/** Replaces every `<!-- NAME:start -->…<!-- NAME:end -->` block with its generated text. */
export function renderReadme(text: string): string {
  let out = text;
  for (const [name, make] of Object.entries(SECTIONS)) {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README has no ${name} block`);
    out = out.replace(re, (_m, a: string, b: string) => `${a}\n${make()}\n${b}`);
  }
  return out;
}

// `npm run readme` rewrites the generated blocks; a test fails when they are stale.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = process.argv[2] ?? 'README.md';
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8')));
}

import { FRAMEWORKS } from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import { DEPENDENCY_MODULES } from './dependency-modules.js';
import { PYTHON_KEYWORDS, STDLIB_MODULES } from './python-names.js';
import { reservedNames } from './reserved.js';

/**
 * A project's names from what the user typed, with no file system: a page in a browser checks a
 * name exactly as the CLI does. Resolving a directory argument to a folder is names.ts's.
 */

/** The name the prompt and the web form offer. */
export const DEFAULT_NAME = 'my-service';

export interface ProjectNames {
  /** Directory the project is written to: absolute from the CLI; in memory (a page, the server), the name. */
  dir: string;
  /** PEP 503-normalised distribution name: `my-cool-app`. */
  dist: string;
  /** Python import package: `my_cool_app`. */
  pkg: string;
  /** Human title: the name as given. */
  title: string;
  /** Said to the user when the Python names are not simply the name typed (`café` is `cafe`). */
  note?: string;
}

/**
 * Letters NFKD does not take apart into a base letter and accents, with their usual ASCII
 * spelling (German, Nordic, Polish, Croatian, Icelandic, Turkish).
 */
const LATIN: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'TH',
  ð: 'd',
  Ð: 'D',
  ı: 'i',
  ŋ: 'ng',
  Ŋ: 'NG',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
  ĸ: 'k',
  ſ: 's',
};

/**
 * `raw` in ASCII: accents dropped (`café` → `cafe`), ligatures and the letters above spelt out.
 * Letters and digits with no obvious ASCII form (日本語, Ελλάδα) are returned apart; other
 * symbols become separators.
 */
export function toAscii(raw: string): { ascii: string; foreign: string[] } {
  let ascii = '';
  const foreign: string[] = [];
  for (const ch of raw.normalize('NFKD')) {
    if (/\p{M}/u.test(ch)) continue;
    if (ch <= '\u007f') ascii += ch;
    else if (LATIN[ch]) ascii += LATIN[ch];
    else {
      if (/[\p{L}\p{N}]/u.test(ch) && !foreign.includes(ch)) foreign.push(ch);
      ascii += ' ';
    }
  }
  return { ascii, foreign };
}

/** The requirements (by versions-table key) that install a top-level module named `pkg`. */
export function requirementsProviding(pkg: string): string[] {
  return Object.entries(DEPENDENCY_MODULES)
    .filter(([, d]) => d.modules.includes(pkg))
    .map(([key]) => key);
}

/** Longer names push generated lines (manage.py, items.py) past the linter's 100 columns. */
export const NAME_MAX_LENGTH = 32;

/**
 * The package names a project cannot take, by kind, each with the reason toNames gives:
 * `--list --json` hands them to a form, which can then refuse what the CLI refuses.
 */
export function refusedPackageNames(): { kind: string; reason: string; names: string[] }[] {
  const modules = new Set(Object.values(DEPENDENCY_MODULES).flatMap((d) => d.modules));
  for (const f of FRAMEWORKS) modules.add(f.id);
  // Only names a package can be (lower case, no leading or trailing _): `False` and `_thread`
  // are never one.
  const reachable = (names: Iterable<string>) =>
    [...names].filter((n) => /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(n)).sort();
  return [
    { kind: 'keyword', reason: 'a Python keyword', names: reachable(PYTHON_KEYWORDS) },
    {
      kind: 'stdlib',
      reason: 'a Python standard library module; the project would shadow it',
      names: reachable(STDLIB_MODULES),
    },
    {
      kind: 'dependency',
      reason: 'a module a generated project depends on; the project would shadow it',
      names: reachable(modules),
    },
    // Each reserved name has a reason of its own (the file or tool that uses it).
    ...[...reservedNames()]
      .filter(([n]) => reachable([n]).length)
      .map(([n, reason]) => ({ kind: 'reserved', reason, names: [n] })),
  ];
}

/** Distribution and import names from what the user typed, or a reason it cannot be one. */
export function toNames(raw: string): { dist: string; pkg: string; note?: string } {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects.
  if (/[\u0000-\u001f\u007f]/.test(raw))
    throw new UsageError(`the name ${JSON.stringify(raw)} contains control characters`);
  const typed = raw.trim();
  const { ascii, foreign } = toAscii(typed);
  if (foreign.length) {
    throw new UsageError(
      `"${typed}" has letters with no ASCII spelling (${foreign.slice(0, 5).join(' ')}); Python package names are ASCII`,
      'choose a name in Latin letters, e.g. the name transliterated',
    );
  }
  const dist = ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!dist)
    throw new UsageError(
      `${JSON.stringify(raw)} has no letters or digits to make a project name from`,
    );
  if (typed.length > NAME_MAX_LENGTH || dist.length > NAME_MAX_LENGTH)
    throw new UsageError(
      `"${typed.slice(0, 20)}…" is longer than ${NAME_MAX_LENGTH} characters; choose a shorter project name`,
    );
  const pkg = dist.replace(/-/g, '_');
  if (/^[0-9]/.test(pkg))
    throw new UsageError(`"${typed}" starts with a digit, which a Python package name cannot`);
  if (PYTHON_KEYWORDS.has(pkg))
    throw new UsageError(`"${pkg}" is a Python keyword and cannot be a package name`);
  if (STDLIB_MODULES.has(pkg))
    throw new UsageError(
      `"${pkg}" is a Python standard library module; the project would shadow it`,
    );
  // Every stack's modules, not only the chosen one's: the name is asked before the stack, and a
  // project can later switch server (`add server`), which brings that server's modules.
  const providers = requirementsProviding(pkg);
  if (providers.length || FRAMEWORKS.some((f) => f.id === pkg)) {
    const via = providers.filter((k) => k !== pkg);
    const by =
      via.length && !providers.includes(pkg)
        ? ` (it comes with ${via.slice(0, 3).join(', ')}${via.length > 3 ? ', …' : ''})`
        : '';
    throw new UsageError(
      `"${pkg}" is the name of a module a generated project depends on${by}; the project would shadow it`,
      'choose another name',
    );
  }
  const reserved = reservedNames().get(pkg);
  if (reserved)
    throw new UsageError(`"${pkg}" is reserved: ${reserved}`, 'choose another project name');
  const note = /[^\x20-\x7e]/.test(typed)
    ? `"${typed}" has letters outside ASCII: the Python package is ${pkg} (the folder keeps the name)`
    : undefined;
  return note ? { dist, pkg, note } : { dist, pkg };
}

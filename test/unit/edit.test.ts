import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import {
  addPoetryDependency,
  addProjectDependency,
  addRequirement,
  hasPoetryDependenciesTable,
  projectDependencies,
  readLeniently,
  readTable,
  removePoetryDependency,
  removeProjectDependency,
  removeRequirement,
  requirementName,
  requirementNames,
  setTableValues,
} from '../../generators/edit/index.js';

type Table = Record<string, unknown>;

/** The parts of a pyproject.toml the expectations read; tomllib's output is checked by them. */
interface Pyproject {
  project: { dependencies: string[]; 'optional-dependencies': Record<string, string[]> };
  tool: Record<string, Table> & {
    poetry: { dependencies: Table; group: { dev: { dependencies: Table } } };
  };
  t: Table;
  'build-system': Table;
}

/** What Python's tomllib reads from the text (bytes as given: CRLF stays CRLF); throws when it is not TOML. */
function loads(text: string): unknown {
  const py =
    'import sys,json,tomllib; print(json.dumps(tomllib.loads(sys.stdin.buffer.read().decode("utf-8")), default=str))';
  const r = spawnSync('python3', ['-c', py], { input: text, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tomllib rejects:\n${text}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Applies an edit, checks the result is TOML and that applying it again changes nothing. */
function edit(text: string, f: (t: string) => string): { out: string; data: Pyproject } {
  const out = f(text);
  const data = loads(out) as Pyproject;
  expect(f(out)).toBe(out);
  return { out, data };
}

const crlf = (s: string) => s.replace(/\n/g, '\r\n');
const onlyCrlf = (s: string) => !/(^|[^\r])\n/.test(s);

const PYPROJECT = `# My project
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "my-app"  # the dist name
version = "0.1.0"
dependencies = [
    # web
    "flask>=3.0",   # the framework
    "Requests[socks]==2.*",
    # data
    "sqlalchemy~=2.0"  # no trailing comma
    # end of list
]

[project.optional-dependencies]
dev = [
    "pytest>=8",
    "gunicorn",  # not a runtime dependency
]
docs = ["mkdocs"]

[tool.ruff]
line-length = 100
`;

describe('readTable', () => {
  test('a table: simple values only, sub-tables skipped', () => {
    expect(readTable(PYPROJECT, 'project')).toEqual({
      name: 'my-app',
      version: '0.1.0',
      dependencies: ['flask>=3.0', 'Requests[socks]==2.*', 'sqlalchemy~=2.0'],
    });
    expect(readTable(PYPROJECT, 'project.optional-dependencies')).toEqual({
      dev: ['pytest>=8', 'gunicorn'],
      docs: ['mkdocs'],
    });
    expect(readTable(PYPROJECT, 'tool.ruff')).toEqual({ 'line-length': 100 });
    expect(readTable(PYPROJECT, 'tool.create-pyweb')).toBeUndefined();
    expect(readTable('', 'project')).toBeUndefined();
  });

  test('every kind of value, comments and tricky text', () => {
    const text = `
title = "root"  # not in any table
[tool.create-pyweb]
version = '0.1.0'                  # literal string
path = 'C:\\Users\\x'
quote = "say \\"hi\\"\\t\\u00e9"
websocket = true
debug = false
workers = 1_000
hex = 0xff
ratio = 0.5
addons = [
  "docker",   # a comment inside
  'nginx',
  # a comment line
]
empty = []
nums = [1, 2]
inline = { a = 1, b = "x" }
when = 1979-05-27 07:32:00Z
text = """
[not.a.table]
x = 1"""
dotted.key = "skipped"

[tool.create-pyweb.sub]
skipped = true

[[tool.create-pyweb-array]]
x = 1
`;
    loads(text);
    expect(readTable(text, 'tool.create-pyweb')).toEqual({
      version: '0.1.0',
      path: 'C:\\Users\\x',
      quote: 'say "hi"\t\u00e9',
      websocket: true,
      debug: false,
      workers: 1000,
      hex: 255,
      ratio: 0.5,
      addons: ['docker', 'nginx'],
      empty: [],
      nums: '[1, 2]',
      inline: '{ a = 1, b = "x" }',
      when: '1979-05-27 07:32:00Z',
      text: '[not.a.table]\nx = 1',
    });
    expect(readTable(text, 'not.a.table')).toBeUndefined();
    expect(readTable(text, 'tool.create-pyweb.sub')).toEqual({ skipped: true });
    expect(readTable(text, 'tool.create-pyweb-array')).toBeUndefined();
    expect(readTable(text, 'tool')).toEqual({});
  });

  test('quoted table names, dotted keys and inline tables define tables too', () => {
    const quoted = '[tool."create-pyweb"]\nserver = "gunicorn"\n';
    expect(readTable(quoted, 'tool.create-pyweb')).toEqual({ server: 'gunicorn' });
    expect(readTable(quoted, 'tool."create-pyweb"')).toEqual({ server: 'gunicorn' });
    expect(readTable('[tool]\ncreate-pyweb.server = "uwsgi"\n', 'tool.create-pyweb')).toEqual({
      server: 'uwsgi',
    });
    expect(
      readTable('[tool]\ncreate-pyweb = { server = "waitress" }\n', 'tool.create-pyweb'),
    ).toEqual({ server: 'waitress' });
  });

  test('CRLF and a BOM', () => {
    expect(readTable(`\ufeff${crlf(PYPROJECT)}`, 'project')?.dependencies).toEqual([
      'flask>=3.0',
      'Requests[socks]==2.*',
      'sqlalchemy~=2.0',
    ]);
  });

  test('text that is not TOML is refused, not guessed at', () => {
    expect(() => readTable('[project\nname = "x"\n', 'project')).toThrow(/invalid TOML at line 1/);
    expect(() => readTable('a = [1,\n', 'project')).toThrow(/invalid TOML/);
    expect(() => readTable('a = bare\n', 'project')).toThrow(/invalid TOML/);
  });
});

describe('readLeniently (detect reads pyproject.toml through it)', () => {
  test('every table and value by dotted name, arrays of tables and inline tables included', () => {
    const t = readLeniently(
      '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\nflask = { version = "^2", extras = ["async"] }\n' +
        'num = 2\n[[tool.poetry.source]]\nname = "pypi"\n',
    );
    expect([...t.tables]).toEqual([
      'tool.poetry',
      'tool.poetry.dependencies',
      'tool.poetry.source',
    ]);
    expect(Object.fromEntries(t.values)).toEqual({
      'tool.poetry.name': 'x',
      'tool.poetry.dependencies.flask': { version: '^2', extras: ['async'] },
      'tool.poetry.dependencies.num': '2',
      'tool.poetry.source.name': 'pypi',
    });
    expect(t.error).toBeUndefined();
  });

  test('what is not TOML: a bare value is its text, and reading stops at a broken line', () => {
    const text =
      '[project]\nname = "x"\nversion = 1.0.0\nurls = { home = "h", }\n[tool.a] b = true\n' +
      'oops\n[tool.b]\nc = 1\n';
    // The editing functions refuse it; detection reads what it can.
    expect(() => readTable(text, 'project')).toThrow(/invalid TOML at line 3/);
    const t = readLeniently(text);
    expect(Object.fromEntries(t.values)).toEqual({
      'project.name': 'x',
      'project.version': '1.0.0',
      'project.urls': { home: 'h' },
      'tool.a.b': true,
    });
    expect([...t.tables]).toEqual(['project', 'tool.a']);
    expect(t.error).toBe('line 6: expected =');
  });
});

describe('setTableValues', () => {
  const record = {
    version: '0.2.0',
    server: 'gunicorn',
    websocket: false,
    addons: ['docker', 'nginx'],
  };

  test('an absent table is appended after one blank line', () => {
    const { out, data } = edit(PYPROJECT, (t) => setTableValues(t, 'tool.create-pyweb', record));
    expect(out).toBe(
      `${PYPROJECT}\n[tool.create-pyweb]\nversion = "0.2.0"\nserver = "gunicorn"\nwebsocket = false\naddons = ["docker", "nginx"]\n`,
    );
    expect(data.tool['create-pyweb']).toEqual(record);
    expect(data.project.dependencies).toHaveLength(3);
  });

  test('appending: no final line break, a blank line already there, an empty file', () => {
    expect(setTableValues('a = 1', 't', { b: 2 })).toBe('a = 1\n\n[t]\nb = 2\n');
    expect(setTableValues('a = 1\n\n', 't', { b: 2 })).toBe('a = 1\n\n[t]\nb = 2\n');
    expect(setTableValues('', 'tool.create-pyweb', { b: 'x' })).toBe(
      '[tool.create-pyweb]\nb = "x"\n',
    );
    expect(setTableValues('a = 1\r\n', 't', { b: 2 })).toBe('a = 1\r\n\r\n[t]\r\nb = 2\r\n');
  });

  test('an existing table: values replaced in place, comments and order kept, new keys after the last key', () => {
    const text = `[tool.create-pyweb]
# What create-pyweb made
version = "0.1.0"
server = "uwsgi"   # changed by hand once
addons = ["docker"]  # add-ons so far
# keep this comment

[tool.other]
x = 1
`;
    const { out, data } = edit(text, (t) =>
      setTableValues(t, 'tool.create-pyweb', { ...record, python: '3.12' }),
    );
    expect(out).toBe(`[tool.create-pyweb]
# What create-pyweb made
version = "0.2.0"
server = "gunicorn"   # changed by hand once
addons = ["docker", "nginx"]  # add-ons so far
websocket = false
python = "3.12"
# keep this comment

[tool.other]
x = 1
`);
    expect(data.tool['create-pyweb']).toEqual({ ...record, python: '3.12' });
    expect(data.tool.other).toEqual({ x: 1 });
  });

  test('a multi-line array value is replaced whole; an equal one is left as written', () => {
    const text =
      '[tool.create-pyweb]\naddons = [\n  "docker",  # one\n  "compose",\n]\nserver = "gunicorn"\n';
    const { out, data } = edit(text, (t) =>
      setTableValues(t, 'tool.create-pyweb', { addons: ['docker'] }),
    );
    expect(out).toBe('[tool.create-pyweb]\naddons = ["docker"]\nserver = "gunicorn"\n');
    expect(data.tool['create-pyweb'].addons).toEqual(['docker']);
    expect(
      setTableValues(text, 'tool.create-pyweb', {
        addons: ['docker', 'compose'],
        server: 'gunicorn',
      }),
    ).toBe(text);
  });

  test('the quoted header form is the same table', () => {
    const text = '[tool."create-pyweb"]\naddons = ["docker"]\n';
    const { out, data } = edit(text, (t) =>
      setTableValues(t, 'tool.create-pyweb', { addons: ['k8s'], python: '3.13' }),
    );
    expect(out).toBe('[tool."create-pyweb"]\naddons = ["k8s"]\npython = "3.13"\n');
    expect(data.tool['create-pyweb']).toEqual({ addons: ['k8s'], python: '3.13' });
  });

  test('keys indented like the table, quoted when not bare, strings escaped', () => {
    const text = '[t]\n  a = 1\n\n[u]\n';
    const { out, data } = edit(text, (t) =>
      setTableValues(t, 't', { 'b.c': 'x "y"\n\u007f', n: 2.5, ok: true }),
    );
    expect(out).toBe(
      '[t]\n  a = 1\n  "b.c" = "x \\"y\\"\\n\\u007f"\n  n = 2.5\n  ok = true\n\n[u]\n',
    );
    expect(data.t).toEqual({ a: 1, 'b.c': 'x "y"\n\u007f', n: 2.5, ok: true });
  });

  test('a table with only a header, one defined by dotted keys, one implied by a sub-table', () => {
    expect(edit('[t]\n# nothing yet\n', (t) => setTableValues(t, 't', { a: 1 })).out).toBe(
      '[t]\na = 1\n# nothing yet\n',
    );
    expect(
      edit('[tool]\ncreate-pyweb.a = 1\nother = 2\n', (t) =>
        setTableValues(t, 'tool.create-pyweb', { b: 'x' }),
      ).out,
    ).toBe('[tool]\ncreate-pyweb.a = 1\ncreate-pyweb.b = "x"\nother = 2\n');
    const { data } = edit('[tool.create-pyweb.sub]\na = 1\n', (t) =>
      setTableValues(t, 'tool.create-pyweb', { b: 'x' }),
    );
    expect(data.tool['create-pyweb']).toEqual({ b: 'x', sub: { a: 1 } });
  });

  test('CRLF files stay CRLF', () => {
    const text = crlf('[tool.create-pyweb]\naddons = ["docker"] # x\n\n[other]\nk = 1\n');
    const { out } = edit(text, (t) => setTableValues(t, 'tool.create-pyweb', record));
    expect(onlyCrlf(out)).toBe(true);
    expect(out).toBe(
      crlf(
        '[tool.create-pyweb]\naddons = ["docker", "nginx"] # x\nversion = "0.2.0"\nserver = "gunicorn"\nwebsocket = false\n\n[other]\nk = 1\n',
      ),
    );
    const appended = edit(crlf(PYPROJECT), (t) =>
      setTableValues(t, 'tool.create-pyweb', record),
    ).out;
    expect(onlyCrlf(appended)).toBe(true);
  });

  test('nothing to change: the same string', () => {
    const text = '[t]\na = "x"\nb = 1_0\nc = true\nd = []\n';
    expect(setTableValues(text, 't', { a: 'x', b: 10, c: true, d: [] })).toBe(text);
    expect(setTableValues(text, 't', {})).toBe(text);
  });

  test('refuses what it cannot write as a table', () => {
    expect(() =>
      setTableValues('[tool]\ncreate-pyweb = { a = 1 }\n', 'tool.create-pyweb', { b: 1 }),
    ).toThrow(/written as a value/);
    expect(() => setTableValues('[[t]]\na = 1\n', 't', { b: 1 })).toThrow(/array of tables/);
    expect(() => setTableValues('[t.sub]\na = 1\n', 't', { sub: 'x' })).toThrow(/is a table/);
  });
});

describe('[project].dependencies', () => {
  test('adds before the closing bracket, indented as the others, with a comma; comments stay', () => {
    const { out, data } = edit(PYPROJECT, (t) => addProjectDependency(t, 'gunicorn~=27.0'));
    expect(out).toBe(
      PYPROJECT.replace(
        '    "sqlalchemy~=2.0"  # no trailing comma\n    # end of list\n]',
        '    "sqlalchemy~=2.0",  # no trailing comma\n    # end of list\n    "gunicorn~=27.0",\n]',
      ),
    );
    expect(data.project.dependencies).toEqual([
      'flask>=3.0',
      'Requests[socks]==2.*',
      'sqlalchemy~=2.0',
      'gunicorn~=27.0',
    ]);
    expect(data.project['optional-dependencies']).toEqual({
      dev: ['pytest>=8', 'gunicorn'],
      docs: ['mkdocs'],
    });
    expect(projectDependencies(out)).toEqual(data.project.dependencies);
  });

  test('a requirement of the same normalised name is already there: same text', () => {
    for (const req of [
      'requests',
      'REQUESTS>=3',
      'Flask',
      'SQLAlchemy[asyncio]',
      'sqlalchemy ; python_version >= "3.11"',
    ]) {
      expect(addProjectDependency(PYPROJECT, req)).toBe(PYPROJECT);
    }
    const text = '[project]\ndependencies = ["zope.interface"]\n';
    expect(addProjectDependency(text, 'Zope_Interface>=6')).toBe(text);
  });

  test('markers and quotes in a requirement are escaped', () => {
    const req = 'foo>=1; python_version < "3.12"';
    const { data } = edit(PYPROJECT, (t) => addProjectDependency(t, req));
    expect(data.project.dependencies.at(-1)).toBe(req);
  });

  test('a trailing comma already there; a closing bracket on the last item line', () => {
    expect(
      edit('[project]\ndependencies = [\n  "a",\n  "b",\n]\n', (t) => addProjectDependency(t, 'c'))
        .out,
    ).toBe('[project]\ndependencies = [\n  "a",\n  "b",\n  "c",\n]\n');
    expect(
      edit('[project]\ndependencies = [\n\t"a",\n\t"b"]\n', (t) => addProjectDependency(t, 'c'))
        .out,
    ).toBe('[project]\ndependencies = [\n\t"a",\n\t"b",\n\t"c"]\n');
    expect(
      edit('[project]\ndependencies = ["a",\n  "b",]\n', (t) => addProjectDependency(t, 'c')).out,
    ).toBe('[project]\ndependencies = ["a",\n  "b",\n  "c",]\n');
  });

  test('one-line arrays and empty ones', () => {
    const one =
      '[project]\nname = "x"\ndependencies = ["flask", "gunicorn"]  # deps\n\n[project.optional-dependencies]\ndev = ["pytest"]\n';
    const { out, data } = edit(one, (t) => addProjectDependency(t, 'uvicorn[standard]~=0.54'));
    expect(out).toBe(one.replace('"gunicorn"]', '"gunicorn", "uvicorn[standard]~=0.54"]'));
    expect(data.project['optional-dependencies'].dev).toEqual(['pytest']);
    expect(
      edit('[project]\ndependencies = ["a",]\n', (t) => addProjectDependency(t, 'b')).out,
    ).toBe('[project]\ndependencies = ["a", "b",]\n');
    expect(edit('[project]\ndependencies = []\n', (t) => addProjectDependency(t, 'b')).out).toBe(
      '[project]\ndependencies = [\n    "b",\n]\n',
    );
    expect(
      edit('[project]\r\ndependencies = [ ]\r\nx = 1\r\n', (t) => addProjectDependency(t, 'b')).out,
    ).toBe('[project]\r\ndependencies = [\r\n    "b",\r\n]\r\nx = 1\r\n');
    expect(
      edit('[project]\ndependencies = [\n  # none yet\n]\n', (t) => addProjectDependency(t, 'b'))
        .out,
    ).toBe('[project]\ndependencies = [\n  # none yet\n  "b",\n]\n');
  });

  test('no [project] dependencies array: throws, so the caller can write one', () => {
    const msg = 'pyproject.toml has no [project] dependencies array';
    expect(() => addProjectDependency('[tool.poetry]\nname = "x"\n', 'a')).toThrow(msg);
    expect(() =>
      addProjectDependency('[project]\nname = "x"\ndynamic = ["dependencies"]\n', 'a'),
    ).toThrow(msg);
    expect(() => addProjectDependency('[project]\ndependencies = "a"\n', 'a')).toThrow(msg);
    expect(projectDependencies('[project]\nname = "x"\n')).toBeUndefined();
    const { data } = edit('[project]\nname = "x"\n', (t) =>
      setTableValues(t, 'project', { dependencies: ['a'] }),
    );
    expect(data.project.dependencies).toEqual(['a']);
  });

  test('removes the whole line of a multi-line array, keeping the other lines and comments', () => {
    const { out, data } = edit(PYPROJECT, (t) => removeProjectDependency(t, 'requests'));
    expect(out).toBe(PYPROJECT.replace('    "Requests[socks]==2.*",\n', ''));
    expect(data.project.dependencies).toEqual(['flask>=3.0', 'sqlalchemy~=2.0']);
    const last = edit(PYPROJECT, (t) => removeProjectDependency(t, 'SQLAlchemy'));
    expect(last.out).toBe(PYPROJECT.replace('    "sqlalchemy~=2.0"  # no trailing comma\n', ''));
    expect(last.data.project.dependencies).toEqual(['flask>=3.0', 'Requests[socks]==2.*']);
    expect(removeProjectDependency(PYPROJECT, 'gunicorn')).toBe(PYPROJECT); // only in optional-dependencies
    expect(removeProjectDependency(PYPROJECT, 'nothing')).toBe(PYPROJECT);
    expect(removeProjectDependency('[tool.x]\na = 1\n', 'nothing')).toBe('[tool.x]\na = 1\n');
  });

  test('removes from a one-line array the element and its comma', () => {
    const t = (deps: string) => `[project]\ndependencies = ${deps}  # deps\n`;
    const cases: [string, string, string][] = [
      ['["a", "b", "c"]', 'a', '["b", "c"]'],
      ['["a", "b", "c"]', 'b', '["a", "c"]'],
      ['["a", "b", "c"]', 'c', '["a", "b"]'],
      ['["a", "b",]', 'b', '["a",]'],
      ['["a"]', 'a', '[]'],
      ['[ "a", ]', 'a', '[]'],
      ['["a", "A_x", "a-X>=1"]', 'a.x', '["a"]'],
    ];
    for (const [deps, name, want] of cases) {
      const { out, data } = edit(t(deps), (s) => removeProjectDependency(s, name));
      expect(out).toBe(t(want));
      expect(data.project.dependencies).toEqual(
        JSON.parse(want.replace(/,\s*]/, ']').replace('[ ]', '[]')),
      );
    }
  });

  test('shared lines in a multi-line array, CRLF', () => {
    const text = crlf('[project]\ndependencies = [\n    "a", "b",\n    "c"  # last\n]\n');
    const a = edit(text, (s) => removeProjectDependency(s, 'b'));
    expect(a.out).toBe(crlf('[project]\ndependencies = [\n    "a", \n    "c"  # last\n]\n'));
    const c = edit(text, (s) => removeProjectDependency(s, 'c'));
    expect(c.out).toBe(crlf('[project]\ndependencies = [\n    "a", "b",\n]\n'));
    const added = edit(text, (s) => addProjectDependency(s, 'd'));
    expect(added.out).toBe(
      crlf('[project]\ndependencies = [\n    "a", "b",\n    "c",  # last\n    "d",\n]\n'),
    );
    expect([a.out, c.out, added.out].every(onlyCrlf)).toBe(true);
  });

  test('odd layouts: the only item with the bracket after it, an item after the opening bracket', () => {
    expect(
      edit('[project]\ndependencies = [\n  "a" ]\n', (s) => removeProjectDependency(s, 'a')).out,
    ).toBe('[project]\ndependencies = [\n   ]\n');
    expect(
      edit('[project]\ndependencies = ["a",\n  "b"]\n', (s) => removeProjectDependency(s, 'a')).out,
    ).toBe('[project]\ndependencies = [\n  "b"]\n');
    expect(
      edit('[project]\ndependencies = ["a",\n  "b"]\n', (s) => removeProjectDependency(s, 'b')).out,
    ).toBe('[project]\ndependencies = ["a"\n]\n');
  });

  test('add then remove gives back the file (multi-line with trailing commas)', () => {
    const text = '[project]\ndependencies = [\n    "a",  # x\n    "b",\n]\n';
    expect(removeProjectDependency(addProjectDependency(text, 'c>=1'), 'c')).toBe(text);
  });
});

describe('Poetry [tool.poetry.dependencies]', () => {
  const POETRY = `[tool.poetry]
name = "app"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"  # supported Pythons
django = { version = "^5.0", extras = ["argon2"] }
# servers
Uvicorn = {extras = ["standard"], version = "~=0.30"}  # ASGI

[tool.poetry.group.dev.dependencies]
pytest = "^8"

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;

  test('tells a Poetry 1 table from none', () => {
    expect(hasPoetryDependenciesTable(POETRY)).toBe(true);
    expect(hasPoetryDependenciesTable(PYPROJECT)).toBe(false);
    expect(hasPoetryDependenciesTable('[tool.poetry]\nname = "x"\n')).toBe(false);
    expect(hasPoetryDependenciesTable('[tool.poetry]\ndependencies = { python = "^3.11" }\n')).toBe(
      true,
    );
    expect(hasPoetryDependenciesTable('[tool."poetry".dependencies]\n')).toBe(true);
  });

  test('adds after the last key line, converting the requirement', () => {
    const { out, data } = edit(POETRY, (t) => addPoetryDependency(t, 'gunicorn~=27.0'));
    expect(out).toBe(
      POETRY.replace(
        'version = "~=0.30"}  # ASGI\n',
        'version = "~=0.30"}  # ASGI\ngunicorn = "~=27.0"\n',
      ),
    );
    expect(data.tool.poetry.dependencies.gunicorn).toBe('~=27.0');
    expect(data.tool.poetry.group.dev.dependencies).toEqual({ pytest: '^8' });
    expect(data['build-system']['build-backend']).toBe('poetry.core.masonry.api');
  });

  test('conversions', () => {
    const one = (req: string) => {
      const { data } = edit('[tool.poetry.dependencies]\npython = "^3.11"\n', (t) =>
        addPoetryDependency(t, req),
      );
      const { python: _, ...rest } = data.tool.poetry.dependencies;
      return rest;
    };
    expect(one('uvicorn[standard]~=0.54')).toEqual({
      uvicorn: { extras: ['standard'], version: '~=0.54' },
    });
    expect(one('hypercorn')).toEqual({ hypercorn: '*' });
    expect(one('a[x, y]')).toEqual({ a: { extras: ['x', 'y'], version: '*' } });
    expect(one('waitress >= 3.0, < 4')).toEqual({ waitress: '>=3.0,<4' });
    expect(one('uvloop>=0.19; sys_platform != "win32"')).toEqual({
      uvloop: { version: '>=0.19', markers: 'sys_platform != "win32"' },
    });
    expect(one('zope.interface==6')).toEqual({ 'zope.interface': '==6' });
    expect(one('pkg @ https://example.com/pkg-1.0.tar.gz')).toEqual({
      pkg: { url: 'https://example.com/pkg-1.0.tar.gz' },
    });
    expect(one('lib @ git+https://github.com/o/lib.git@v1.2')).toEqual({
      lib: { git: 'https://github.com/o/lib.git', rev: 'v1.2' },
    });
    expect(
      addPoetryDependency(
        '[tool.poetry.dependencies]\npython = "^3.11"\n',
        'uvicorn[standard]~=0.54',
      ),
    ).toBe(
      '[tool.poetry.dependencies]\npython = "^3.11"\nuvicorn = {extras = ["standard"], version = "~=0.54"}\n',
    );
  });

  test('a name already there (any spelling, any form): same text', () => {
    for (const req of ['uvicorn[standard]~=0.54', 'DJANGO', 'Python'])
      expect(addPoetryDependency(POETRY, req)).toBe(POETRY);
    const sub =
      '[tool.poetry.dependencies]\npython = "^3.11"\n\n[tool.poetry.dependencies.my_lib]\nversion = "1"\n';
    expect(addPoetryDependency(sub, 'my-lib')).toBe(sub);
    const dotted = '[tool.poetry.dependencies]\npython = "^3.11"\nfoo.version = "1"\n';
    expect(addPoetryDependency(dotted, 'Foo>=2')).toBe(dotted);
  });

  test('a dependency only in a group is added to the main table', () => {
    const { data } = edit(POETRY, (t) => addPoetryDependency(t, 'pytest'));
    expect(data.tool.poetry.dependencies.pytest).toBe('*');
    expect(data.tool.poetry.group.dev.dependencies.pytest).toBe('^8');
  });

  test('inline dependencies table; CRLF; no table throws', () => {
    const inline = '[tool.poetry]\ndependencies = { python = "^3.11" }\n';
    const { out } = edit(inline, (t) => addPoetryDependency(t, 'gunicorn~=27.0'));
    expect(out).toBe('[tool.poetry]\ndependencies = { python = "^3.11", gunicorn = "~=27.0" }\n');
    expect(edit(out, (t) => removePoetryDependency(t, 'gunicorn')).out).toBe(inline);
    const c = edit(crlf(POETRY), (t) => addPoetryDependency(t, 'gunicorn'));
    expect(onlyCrlf(c.out)).toBe(true);
    expect(() => addPoetryDependency(PYPROJECT, 'gunicorn')).toThrow(
      /no \[tool.poetry.dependencies\]/,
    );
  });

  test('removes the line (and its comment), keeping other lines; same text when absent', () => {
    const { out, data } = edit(POETRY, (t) => removePoetryDependency(t, 'uvicorn'));
    expect(out).toBe(
      POETRY.replace('Uvicorn = {extras = ["standard"], version = "~=0.30"}  # ASGI\n', ''),
    );
    expect(Object.keys(data.tool.poetry.dependencies)).toEqual(['python', 'django']);
    expect(removePoetryDependency(POETRY, 'pytest')).toBe(POETRY);
    expect(removePoetryDependency(POETRY, 'gunicorn')).toBe(POETRY);
    expect(removePoetryDependency(addPoetryDependency(POETRY, 'gunicorn~=27.0'), 'gunicorn')).toBe(
      POETRY,
    );
    const sub =
      '[tool.poetry.dependencies]\npython = "^3.11"\n\n[tool.poetry.dependencies.my_lib]\nversion = "1"\n';
    expect(edit(sub, (t) => removePoetryDependency(t, 'my-lib')).out).toBe(
      '[tool.poetry.dependencies]\npython = "^3.11"\n\n',
    );
    expect(
      edit('[tool.poetry.dependencies]\npython = "^3.11"\ngunicorn = "*"', (t) =>
        removePoetryDependency(t, 'gunicorn'),
      ).out,
    ).toBe('[tool.poetry.dependencies]\npython = "^3.11"');
  });
});

describe('requirements.txt', () => {
  const REQS = `# Runtime
-r base.txt
--index-url https://pypi.org/simple
Django>=5.0  # the framework
foo; python_version < "3.12"
bar==1.0 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
-e ./local
https://example.com/pkg-1.0-py3-none-any.whl
./vendored/thing
git+https://github.com/o/r.git#egg=r
baz_Qux[extra] >= 1 ; sys_platform == "linux"`;

  test('names: requirements only, normalised', () => {
    expect(requirementNames(REQS)).toEqual(['django', 'foo', 'bar', 'baz-qux']);
    expect(requirementNames('')).toEqual([]);
    expect(requirementName('Uvicorn[standard]~=0.54')).toBe('uvicorn');
    expect(requirementName('  Zope.Interface__x >= 1')).toBe('zope-interface-x');
    expect(requirementName('pkg @ https://x/y.whl')).toBe('pkg');
  });

  test('appends after the last non-empty line; a file without a final line break gets one', () => {
    const out = addRequirement(REQS, 'gunicorn~=27.0');
    expect(out).toBe(`${REQS}\ngunicorn~=27.0\n`);
    expect(addRequirement(out, 'gunicorn~=27.0')).toBe(out);
    expect(addRequirement('flask\n', 'gunicorn')).toBe('flask\ngunicorn\n');
    expect(addRequirement('flask\n\n\n', 'gunicorn')).toBe('flask\ngunicorn\n\n\n');
    expect(addRequirement('flask  # web\r\n', 'gunicorn')).toBe('flask  # web\r\ngunicorn\r\n');
    expect(addRequirement('', 'gunicorn')).toBe('gunicorn\n');
    expect(addRequirement('# only a comment', 'gunicorn')).toBe('# only a comment\ngunicorn\n');
    expect(addRequirement('flask \\\n', 'gunicorn')).toBe('flask \\\n\ngunicorn\n'); // a dangling continuation stays apart
    expect(requirementNames(addRequirement('flask \\\n', 'gunicorn'))).toEqual([
      'flask',
      'gunicorn',
    ]);
  });

  test('a requirement of that name, in any form, is already there: same text', () => {
    for (const req of ['django', 'DJANGO~=5.1', 'Foo', 'bar==2.0', 'baz.qux', 'baz-qux[other]'])
      expect(addRequirement(REQS, req)).toBe(REQS);
    // Only mentioned in a comment, an option, a path: not there.
    expect(addRequirement('# gunicorn\n-r gunicorn.txt\n./gunicorn\n', 'gunicorn')).toBe(
      '# gunicorn\n-r gunicorn.txt\n./gunicorn\ngunicorn\n',
    );
  });

  test('removes the lines of a name, continuation lines included, comments kept', () => {
    expect(removeRequirement(REQS, 'bar')).toBe(
      REQS.replace('bar==1.0 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\n', ''),
    );
    expect(removeRequirement(REQS, 'django')).toBe(
      REQS.replace('Django>=5.0  # the framework\n', ''),
    );
    expect(removeRequirement(REQS, 'FOO')).toBe(REQS.replace('foo; python_version < "3.12"\n', ''));
    expect(removeRequirement(REQS, 'baz-qux')).toBe(
      REQS.replace('\nbaz_Qux[extra] >= 1 ; sys_platform == "linux"', ''),
    );
    expect(removeRequirement(REQS, 'gunicorn')).toBe(REQS);
    expect(removeRequirement(REQS, 'base')).toBe(REQS);
    expect(removeRequirement('a\r\nb\r\nc\r\n', 'b')).toBe('a\r\nc\r\n');
    expect(removeRequirement('a\nb\na\n', 'a')).toBe('b\n');
    const added = addRequirement(REQS, 'gunicorn');
    expect(removeRequirement(added, 'gunicorn')).toBe(`${REQS}\n`);
  });
});

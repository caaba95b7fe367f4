import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import {
  ADDONS,
  DEFAULTS,
  FRAMEWORKS,
  PYTHON_VERSIONS,
  SERVERS,
  pairOf,
} from '../../generators/catalog/index.js';
import { parseArgs } from '../../generators/cli/args.js';
import { create, oneShot } from '../../generators/cli/create.js';
import { UsageError } from '../../generators/cli/errors.js';
import { DEFAULT_NAME } from '../../generators/project/naming.js';
import { buildStack, defaultDeploy } from '../../generators/project/stack.js';
import {
  type Choice,
  commandFor,
  parseQuery,
  QUERY_KEYS,
  stackFor,
  toQuery,
} from '../../generators/web/query.js';

const root = join(import.meta.dirname, '..', '..');

/** The message (and hint) the CLI's create gives for these arguments, run in process. */
async function cliRefusal(argv: string[]): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'web-query-'));
  try {
    await create(parseArgs([...argv, '--dry-run', '--yes']), {
      log: () => {},
      interactive: false,
      cwd,
    });
  } catch (e) {
    expect(readdirSync(cwd)).toEqual([]);
    return `${(e as Error).message}|${(e as UsageError).hint ?? ''}`;
  }
  throw new Error(`the CLI accepted ${argv.join(' ')}`);
}

function queryRefusal(q: string): string {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return `${(e as Error).message}|${(e as UsageError).hint ?? ''}`;
  }
  throw new Error(`parseQuery accepted ${q}`);
}

/** Every choice worth a round trip: each pair, each add-on flipped, a Python, a name. */
function sampleChoices(): Choice[] {
  const out: Choice[] = [];
  for (const f of FRAMEWORKS)
    for (const s of SERVERS) {
      if (!pairOf(f, s)) continue;
      const q = `framework=${f.id}&server=${s.id}`;
      out.push(parseQuery(q));
      for (const a of ADDONS) {
        for (const v of [a.id, `no-${a.id}`]) {
          try {
            out.push(parseQuery(`${q}&${v}`));
          } catch (e) {
            // Refused (an add-on that does not fit this server): not a choice to round-trip.
            expect(e).toBeInstanceOf(UsageError);
          }
        }
      }
    }
  return out;
}

describe('parseQuery', () => {
  test('no query: the defaults, as create-pyweb my-service --yes makes them', () => {
    const c = parseQuery('');
    const stack = buildStack(DEFAULT_NAME, undefined, undefined, {}, '/');
    expect(c).toEqual({
      name: DEFAULT_NAME,
      framework: DEFAULTS.framework,
      server: stack.server.id,
      deploy: stack.deploy,
    });
  });

  test('switches: bare, true/1/on are on; false/0/off and no- are off', () => {
    const a = ADDONS.find((x) => x.id === 'k8s')!;
    expect(a).toBeDefined();
    for (const on of ['k8s', 'k8s=true', 'k8s=1', 'k8s=on', 'k8s=ON', '?k8s'])
      expect(
        parseQuery(`framework=flask&server=gunicorn&${on}`.replace('&?', '&')).deploy.k8s,
      ).toBe(true);
    for (const off of ['no-k8s', 'k8s=false', 'k8s=0', 'k8s=off'])
      expect(parseQuery(`framework=flask&server=gunicorn&${off}`).deploy.k8s).toBe(false);
    expect(parseQuery('?framework=flask&k8s').deploy.k8s).toBe(true);
    expect(parseQuery(new URLSearchParams('framework=flask&k8s')).deploy.k8s).toBe(true);
  });

  test('a server alone takes the first framework it serves, as the CLI does', () => {
    for (const s of SERVERS) {
      const fw = FRAMEWORKS.find((f) => pairOf(f, s));
      if (!fw) continue;
      expect(parseQuery(`server=${s.id}`).framework).toBe(fw.id);
    }
  });

  test('bad input: one clear message', () => {
    expect(queryRefusal('framwork=flask')).toBe(
      `unknown query key "framwork"; did you mean framework?|the keys are ${QUERY_KEYS.join(', ')}`,
    );
    expect(queryRefusal('no-framework')).toMatch(/^unknown query key "no-framework"/);
    expect(queryRefusal('git')).toMatch(/^unknown query key "git"/);
    expect(queryRefusal('k8s=maybe')).toBe(
      'k8s="maybe" is not on or off|use k8s, k8s=true or k8s=false',
    );
    expect(queryRefusal('no-k8s=1')).toMatch(/^no-k8s takes no value/);
    expect(queryRefusal('k8s&no-k8s')).toBe('conflicting keys: k8s and no-k8s|');
    expect(queryRefusal('framework=flask&framework=django')).toBe(
      'conflicting keys: framework=flask and framework=django|',
    );
    expect(queryRefusal('framework=')).toMatch(/^framework needs a value: one of /);
    expect(queryRefusal('name=a/b')).toMatch(/is a path/);
    expect(queryRefusal('name=..')).toMatch(/is a path/);
    expect(queryRefusal('name=')).toMatch(/^the project name is empty/);
  });

  test("a bad value, a bad name, an impossible pair: the CLI's own message and hint", async () => {
    const cases: [string, string[]][] = [
      ['framework=flsk', ['x', '--framework', 'flsk']],
      ['server=gunicron', ['x', '--server', 'gunicron']],
      ['python=3.8', ['x', '--python', '3.8']],
      ['python=2', ['x', '--python', '2']],
      ['name=json', ['json']],
      ['name=static', ['static']],
      ['name=1app', ['1app']],
      ['name=日本', ['日本']],
    ];
    for (const a of ADDONS) {
      // An add-on on where no server fits it, one that needs another turned off.
      cases.push([
        `framework=fastapi&server=uvicorn&${a.id}`,
        ['x', '--framework', 'fastapi', '--server', 'uvicorn', `--${a.id}`],
      ]);
      for (const need of a.requires)
        cases.push([`${a.id}&no-${need}`, ['x', `--${a.id}`, `--no-${need}`]]);
      // Without a server the CLI checks the add-ons against one that could run them, first.
      for (const f of FRAMEWORKS) {
        cases.push([`framework=${f.id}&${a.id}`, ['x', '--framework', f.id, `--${a.id}`]]);
        for (const need of a.requires)
          cases.push([
            `framework=${f.id}&${a.id}&no-${need}`,
            ['x', '--framework', f.id, `--${a.id}`, `--no-${need}`],
          ]);
      }
    }
    let impossible = 0;
    for (const f of FRAMEWORKS)
      for (const s of SERVERS) {
        if (pairOf(f, s)) continue;
        impossible++;
        cases.push([
          `framework=${f.id}&server=${s.id}`,
          ['x', '--framework', f.id, '--server', s.id],
        ]);
      }
    expect(impossible).toBeGreaterThan(0);
    let refused = 0;
    for (const [q, argv] of cases) {
      let cli: string | undefined;
      try {
        cli = await cliRefusal(argv);
      } catch (e) {
        // Only the fitting add-on cases may be accepted, by both.
        expect(String(e)).toMatch(/the CLI accepted/);
        expect(() => parseQuery(q), q).not.toThrow();
        continue;
      }
      refused++;
      expect(queryRefusal(q), q).toBe(cli);
    }
    expect(refused).toBeGreaterThanOrEqual(impossible + 8);
  });

  test('the printed refusal of the built CLI is the message parseQuery gives', () => {
    const f = FRAMEWORKS.find((x) => SERVERS.some((s) => !pairOf(x, s)))!;
    const s = SERVERS.find((x) => !pairOf(f, x))!;
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'bin', 'create-pyweb.js'),
        'x',
        '--framework',
        f.id,
        '--server',
        s.id,
        '--yes',
        '--dry-run',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        cwd: mkdtempSync(join(tmpdir(), 'web-query-')),
      },
    );
    expect(r.status).toBe(1);
    const [message] = queryRefusal(`framework=${f.id}&server=${s.id}`).split('|');
    expect(r.stderr.split('\n')[0]).toBe(`error: ${message}`);
  });
});

describe('toQuery', () => {
  test('round trips every pair with each add-on flipped, a Python and a name', () => {
    const choices = sampleChoices();
    for (const py of PYTHON_VERSIONS) choices.push(parseQuery(`framework=django&python=${py}`));
    choices.push(parseQuery('name=My%20Caf%C3%A9&server=waitress'));
    choices.push(parseQuery('name=a%26b%3Dc'));
    expect(choices.length).toBeGreaterThan(50);
    for (const c of choices) {
      const q = toQuery(c);
      expect(parseQuery(q), q).toEqual(c);
    }
  });

  test('only what differs from the defaults', () => {
    expect(toQuery(parseQuery(''))).toBe('');
    expect(toQuery(parseQuery(`framework=${DEFAULTS.framework}&python=${DEFAULTS.python}`))).toBe(
      '',
    );
    const flask = parseQuery('framework=flask');
    expect(toQuery(flask)).toBe('framework=flask');
    // Each key of a canonical query matters: without it, the choice is another.
    for (const c of sampleChoices()) {
      const q = toQuery(c);
      const keys = q ? q.split('&') : [];
      for (const k of keys) {
        const rest = keys.filter((x) => x !== k).join('&');
        let other: Choice | undefined;
        try {
          other = parseQuery(rest);
        } catch {
          continue;
        }
        expect(other, `${q} without ${k}`).not.toEqual(c);
      }
    }
  });

  test('a default add-on is not repeated; a changed one is', () => {
    const s = SERVERS.find((x) => x.id === 'gunicorn')!;
    const d = defaultDeploy(s);
    const off = ADDONS.find((a) => d[a.id] === true && !a.requires.length)!;
    const q = toQuery(parseQuery(`framework=flask&server=gunicorn&no-${off.id}`));
    expect(q).toContain(`no-${off.id}`);
    expect(q).not.toContain(`&${off.id}`);
  });
});

describe('stackFor and commandFor', () => {
  test("the CLI's stack for the same flags, and its one-shot command", () => {
    const c = parseQuery('name=shop&framework=django&server=uwsgi&k8s');
    const stack = stackFor(c);
    const cli = buildStack('shop', 'django', 'uwsgi', c.deploy, '/work');
    expect({ ...stack, names: { ...stack.names, dir: '' } }).toEqual({
      ...cli,
      names: { ...cli.names, dir: '' },
    });
    const cmd = commandFor(c);
    const options = oneShot(cli, 'shop', { git: true }, 'npm').replace(
      'npx create-pyweb shop ',
      '',
    );
    expect(cmd).toBe(`npm create pyweb@latest shop -- ${options}`);
    expect(cmd).toMatch(/--framework django --server uwsgi .*--k8s.* --yes$/);
    expect(commandFor(parseQuery("name=it's"))).toMatch(/^npm create pyweb@latest 'it'\\''s' -- /);
  });
});

describe('the query module graph', () => {
  test('bundles for a browser: no Node built-in anywhere in it', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['generators/web/query.ts', 'generators/web/archive.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    }).catch((e: { errors?: { text: string }[] }) => {
      throw new Error((e.errors ?? []).map((x) => x.text).join('\n') || String(e));
    });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs).toContain('generators/web/query.ts');
    expect(
      inputs.filter((i) => /^node:|template-files|version\.ts|project\/names\.ts/.test(i)),
    ).toEqual([]);
  });
});

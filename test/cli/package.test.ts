import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { packCheckout } from '../helpers/pack.js';
import { must, run, runCli } from '../helpers/run.js';

/** What users get from `npm create pyweb`: the packed tarball, installed into an empty folder. */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
};

let work: string;
let tgz: string;
let installed: string;
let installWarnings = '';
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-package-'));
  // The bundle is built by `npm run build` (npm test runs it first): packed as it is.
  tgz = packCheckout(work);
  installed = join(work, 'installed');
  await mkdir(installed);
  await writeFile(join(installed, 'package.json'), '{ "private": true }\n');
  // --offline: a package with no dependencies needs nothing from a registry.
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], {
    cwd: installed,
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  installWarnings = install.stderr;
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the published package', () => {
  test('declares no runtime dependency', () => {
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
  });

  test('ships no prepare script, so installing it warns of no install script (issue 15, item 15)', () => {
    const shipped = JSON.parse(
      execFileSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }),
    ) as { scripts?: Record<string, string> };
    expect(shipped.scripts?.prepare).toBeUndefined();
    expect(installWarnings).not.toMatch(/prepare|install-scripts|allowScripts/);
    // The clone keeps it: `npm install` there builds dist/.
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.prepare).toBe(
      'npm run build',
    );
    expect(existsSync(join(ROOT, '.package.json.orig'))).toBe(false);
  });

  test('installs as one package: no node_modules of its own', () => {
    const modules = join(installed, 'node_modules');
    expect(readdirSync(modules).filter((n) => !n.startsWith('.'))).toEqual(['create-pyweb']);
    expect(existsSync(join(modules, 'create-pyweb', 'node_modules'))).toBe(false);
  });

  test('ships the bin, the bundle and the templates, not the compiled sources', () => {
    const list = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).trim().split('\n');
    expect(list.filter((f) => f.startsWith('package/dist/')).sort()).toEqual([
      'package/dist/create-pyweb-page.html.br',
      'package/dist/create-pyweb-templates.cjs',
      'package/dist/create-pyweb-templates.js.br',
      'package/dist/create-pyweb.cjs',
      'package/dist/vendor/handlebars.cjs',
      'package/dist/vendor/prompts.cjs',
      'package/dist/vendor/yaml.cjs',
      'package/dist/vendor/yaml.js.br',
    ]);
    expect(list).toContain('package/bin/create-pyweb.js');
    expect(list.some((f) => f.startsWith('package/templates/common/'))).toBe(true);
    // An add-on's folder ships its templates and README sections; its code is in the bundle.
    expect(list).toContain('package/generators/addons/docker/templates/Dockerfile');
    expect(list).toContain('package/generators/addons/docker/sections/README.deploy.md');
    expect(list.filter((f) => f.startsWith('package/generators/') && f.endsWith('.ts'))).toEqual(
      [],
    );
  });

  test('the tarball is under 400 KB', () => {
    expect(statSync(tgz).size).toBeLessThan(400 * 1024);
  });

  test('installs in under 1 MB: the precompiled templates, YAML and the page ship compressed', () => {
    const size = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce(
        (sum, e) =>
          sum + (e.isDirectory() ? size(join(dir, e.name)) : statSync(join(dir, e.name)).size),
        0,
      );
    expect(size(join(installed, 'node_modules', 'create-pyweb'))).toBeLessThan(1_000_000);
  });

  test('generates a project from the installed copy, anywhere', async () => {
    const bin = join(installed, 'node_modules', 'create-pyweb', pkg.bin['create-pyweb']);
    const cwd = join(work, 'elsewhere');
    await mkdir(cwd);
    const env = { ...process.env, CI: '1', NO_COLOR: '1' };
    must(
      await run(
        process.execPath,
        [
          bin,
          'svc',
          '-f',
          'django',
          '-s',
          'gunicorn',
          '--k8s',
          '--yes',
          '--no-git',
          '--no-install',
        ],
        { cwd, env, timeoutMs: 60_000 },
      ),
      'create-pyweb from the tarball',
    );
    for (const f of [
      'pyproject.toml',
      'README.md',
      'Dockerfile',
      '.gitignore',
      'svc/settings.py',
      'deploy/k8s/deployment.yaml',
    ]) {
      expect(existsSync(join(cwd, 'svc', f)), f).toBe(true);
    }
    const version = await run(process.execPath, [bin, '--version'], { cwd, env });
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    );
  });

  test('serve from the installed copy gives a browser the page Pages gets, filled from its own files', async () => {
    const bin = join(installed, 'node_modules', 'create-pyweb', pkg.bin['create-pyweb']);
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd: work,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = out.match(/(http:\/\/\S+?)\/? \(Ctrl-C/);
          if (m) resolve(m[1]);
        });
        child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
      });
      const r = await fetch(`${url}/`, { headers: { Accept: 'text/html' } });
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(readFileSync(join(ROOT, 'dist', 'page', 'index.html'), 'utf8'));
    } finally {
      child.kill('SIGKILL');
    }
  });

  test("add merges a user's compose file with the compressed YAML library it carries", async () => {
    const bin = join(installed, 'node_modules', 'create-pyweb', pkg.bin['create-pyweb']);
    const found = join(work, 'found-installed');
    await mkdir(found);
    await writeFile(join(found, 'app.py'), 'from flask import Flask\n\napp = Flask(__name__)\n');
    await writeFile(join(found, 'requirements.txt'), 'flask\n');
    await writeFile(
      join(found, 'docker-compose.yml'),
      '# ours\nservices:\n  db:\n    image: postgres\n',
    );
    const env = { ...process.env, CI: '1', NO_COLOR: '1' };
    must(
      await run(process.execPath, [bin, 'add', 'compose', '--yes'], { cwd: found, env }),
      'add compose from the tarball',
    );
    const compose = readFileSync(join(found, 'docker-compose.yml'), 'utf8');
    expect(compose).toMatch(/^# ours\nservices:\n {2}db:\n {4}image: postgres\n/);
    expect(compose).toMatch(/^ {2}\S+:\n {4}build:/m);
  });

  test('a template edited since the build renders from its new text (the compiler it carries)', async () => {
    const pkgDir = join(installed, 'node_modules', 'create-pyweb');
    const readme = join(pkgDir, 'templates', 'common', 'README.md');
    await writeFile(readme, `${readFileSync(readme, 'utf8')}\nEdited for {{name}}.\n`);
    const cwd = join(work, 'edited');
    await mkdir(cwd);
    const env = { ...process.env, CI: '1', NO_COLOR: '1' };
    must(
      await run(
        process.execPath,
        [join(pkgDir, pkg.bin['create-pyweb']), 'svc', '--yes', '--no-git', '--no-install'],
        { cwd, env, timeoutMs: 60_000 },
      ),
      'create-pyweb with an edited template',
    );
    expect(readFileSync(join(cwd, 'svc', 'README.md'), 'utf8')).toContain('Edited for svc.');
  });
});

describe('the bundle', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'create-pyweb.meta.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  const inputs = Object.keys(meta.inputs);

  test('carries the libraries the tool uses', () => {
    for (const lib of ['handlebars', 'prompts', 'kolorist', 'yaml'])
      expect(
        inputs.some((p) => p.includes(`node_modules/${lib}/`)),
        lib,
      ).toBe(true);
  });

  test('carries no prompt layer it never uses: no inquirer, no rxjs, no node-plop', () => {
    expect(
      inputs.filter((p) => /node_modules\/(inquirer|@inquirer|rxjs|node-plop)\//.test(p)),
    ).toEqual([]);
  });

  test('the YAML library is read only by an add that edits a compose file of the user', async () => {
    // Each run reports, on exit, whether dist/vendor/yaml.cjs was loaded.
    const probe = join(work, 'probe.cjs');
    await writeFile(
      probe,
      "process.on('exit', () => { if (Object.keys(require.cache).some((p) => p.endsWith('yaml.cjs'))) process.stderr.write('yaml loaded\\n'); });\n",
    );
    const env = { NODE_OPTIONS: `--require ${probe}` };
    const loads = async (args: string[], cwd = work) =>
      must(await runCli(args, { cwd, env }), args.join(' ')).stderr.includes('yaml loaded');
    expect(await loads(['--help'])).toBe(false);
    expect(await loads(['add', '--help'])).toBe(false);
    expect(await loads(['plain', '--yes', '--no-git', '--no-install'])).toBe(false);
    const found = join(work, 'found');
    await mkdir(found);
    await writeFile(join(found, 'app.py'), 'from flask import Flask\n\napp = Flask(__name__)\n');
    await writeFile(join(found, 'requirements.txt'), 'flask\n');
    expect(await loads(['add', 'compose', '--yes', '--dry-run'], found)).toBe(false);
    await writeFile(join(found, 'docker-compose.yml'), 'services:\n  db:\n    image: postgres\n');
    expect(await loads(['add', 'compose', '--yes', '--dry-run'], found)).toBe(true);
  });
});

import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readDockerfile } from '../../generators/detect/dockerfile.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { productionSteps } from '../../generators/serve/production.js';
import { renderPairs } from '../helpers/rendered.js';
import { listFiles, renderTo } from '../helpers/render-to.js';

const out = await mkdtemp(join(tmpdir(), 'pyweb-dockerfile-'));
afterAll(() => rm(out, { recursive: true, force: true }));

describe('a Dockerfile, read (issue 17, item 8)', () => {
  test('a Flask image of its own: port 5000 from its CMD, root, no HEALTHCHECK', () => {
    const facts = readDockerfile(
      [
        'FROM python:3.12-slim',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN pip install -r requirements.txt',
        'COPY . .',
        'EXPOSE 5000',
        'CMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]',
      ].join('\n'),
    );
    expect(facts).toEqual({
      port: 5000,
      portFrom: 'CMD',
      user: undefined,
      uid: 0,
      gid: undefined,
      healthcheck: false,
      command: ['gunicorn', '-b', '0.0.0.0:5000', 'app:app'],
    });
  });

  test.each([
    ['CMD gunicorn --bind=0.0.0.0:${PORT:-7000} app:app', 7000, 'CMD'],
    ['ENV PORT=6000\nCMD gunicorn -b :$PORT app:app', 6000, 'CMD'],
    ['ENV PORT 6100\nCMD ["python", "app.py"]', 6100, 'ENV PORT'],
    ['EXPOSE 8080/tcp 9090\nCMD ["python", "app.py"]', 8080, 'EXPOSE'],
    ['CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "9000"]', 9000, 'CMD'],
    ['ENTRYPOINT ["waitress-serve", "--listen=*:8081"]\nCMD ["app:app"]', 8081, 'CMD'],
    ['CMD ["uwsgi", "--http", ":5050", "--module", "app:app"]', 5050, 'CMD'],
    ['CMD ["uvicorn", "main:app"]', undefined, undefined],
  ])('%s: port %s', (tail, port, from) => {
    const facts = readDockerfile(`FROM python:3.12-slim\n${tail}\n`);
    expect([facts.port, facts.portFrom]).toEqual([port, from]);
  });

  test('the last stage counts; USER as a name, as uid:gid, as root; HEALTHCHECK NONE', () => {
    const two = 'FROM python:3.12 AS build\nUSER 1000\nEXPOSE 1\nHEALTHCHECK CMD true\n';
    const last = readDockerfile(`${two}FROM python:3.12-slim\nEXPOSE 5000\n`);
    expect([last.port, last.uid, last.healthcheck]).toEqual([5000, 0, false]);
    expect(readDockerfile('FROM x\nUSER app\n')).toMatchObject({ user: 'app', uid: undefined });
    expect(readDockerfile('FROM x\nUSER 1000:1001\n')).toMatchObject({ uid: 1000, gid: 1001 });
    expect(readDockerfile('FROM x\nUSER root\n')).toMatchObject({ uid: 0 });
    expect(readDockerfile('FROM x\nHEALTHCHECK NONE\n').healthcheck).toBe(false);
    expect(
      readDockerfile('FROM x\n# a comment\nHEALTHCHECK --interval=5s \\\n  CMD curl -f http://x/\n')
        .healthcheck,
    ).toBe(true);
  });

  test("create-pyweb's own Dockerfile reads back as the image everything else assumes, and changes nothing", async () => {
    for (const { dir, stack } of await renderPairs(out)) {
      const text = await readFile(join(dir, 'Dockerfile'), 'utf8');
      const facts = readDockerfile(text);
      expect(facts, dir).toMatchObject({ port: 8000, uid: 10001, healthcheck: true });
      expect(facts.command, dir).toEqual(stack.serve.argv);
      // The same project rendered as if that Dockerfile were the user's, kept: the same files.
      const kept = { ...stack, shape: { ...stack.shape, ownImage: facts } };
      const again = join(out, 'kept', dir.split('/').at(-1)!);
      await renderTo(layersFor(kept), again, templateContext(kept));
      for (const rel of await listFiles(dir))
        expect(await readFile(join(again, rel), 'utf8'), `${dir}/${rel}`).toBe(
          await readFile(join(dir, rel), 'utf8'),
        );
      expect(productionSteps(kept)).toEqual(productionSteps(stack));
    }
  });
});

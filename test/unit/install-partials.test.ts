import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { INSTALL_METHODS } from '../../generators/project/shape.js';
import { ROOT } from '../helpers/paths.js';

const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');
const DOCKERFILE = read('generators/addons/docker/templates/Dockerfile');
const CI = read('generators/addons/ci/templates/.github/workflows/ci.yml');

/** Issue 16 item 6: one partial per install method, shared by the image and CI. */
describe('install methods as partials', () => {
  test('the Dockerfile and the CI workflow name no install method of their own', () => {
    for (const [name, text] of [
      ['Dockerfile', DOCKERFILE],
      ['ci.yml', CI],
    ]) {
      expect(text, name).not.toMatch(/manager\.|uv sync|poetry install|pip install/);
      expect(text, name).toContain('{{> (lookup . "installPartial")');
    }
  });

  test('every install method has one partial with the image and the CI parts', () => {
    for (const m of INSTALL_METHODS) {
      const file = join(ROOT, 'templates', 'partials', 'install', `${m}.hbs`);
      expect(existsSync(file), file).toBe(true);
      const text = readFileSync(file, 'utf8');
      for (const part of ['forTool', 'forImage', 'forCi']) expect(text, m).toContain(part);
    }
  });
});

import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { mergeCompose } from '../../generators/edit/yaml.js';

/** A user's compose file: comments everywhere, an anchor and a merge key, 4-space indents. */
const USER = `# Our stack: the database the app needs.
x-common: &common
    restart: always

services:
    # Postgres, for the app.
    db:
        <<: *common
        image: postgres:16  # pinned major
        volumes:
            - pg:/var/lib/postgresql/data
        # more settings later

# Named volumes.
volumes:
    pg: {}
`;

/** As create-pyweb writes compose.yaml: a headline, two services, a volume of its own. */
const OURS = `# Django on Gunicorn behind nginx. \`docker compose up --build\`, then http://localhost:8080.
services:
  app:
    build: .
    # SQLite outlives the container.
    volumes:
      - data:/app/var

  nginx:
    image: nginx:1.30-alpine
    depends_on:
      app:
        condition: service_healthy
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/healthz"]

volumes:
  data:
`;

describe('mergeCompose: our services into a compose file of the user', () => {
  test('adds what is missing and keeps every byte of the user: comments, order, anchors', () => {
    const r = mergeCompose(USER, OURS)!;
    expect(r.added).toEqual(['app', 'nginx']);
    expect(r.kept).toEqual([]);
    // The user's text is all there, in order: the additions come between, never inside.
    const lines = r.text.split('\n');
    let at = 0;
    for (const line of USER.split('\n')) {
      const i = lines.indexOf(line, at);
      expect(i, line).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
    const model = parse(r.text, { merge: true });
    expect(Object.keys(model.services)).toEqual(['db', 'app', 'nginx']);
    expect(model.services.db.restart).toBe('always');
    expect(model.services.app.volumes).toEqual(['data:/app/var']);
    expect(Object.keys(model.volumes)).toEqual(['pg', 'data']);
    // At the user's indentation, with our comments and headline.
    expect(r.text).toContain(
      '\n    app:\n        build: .\n        # SQLite outlives the container.\n',
    );
    expect(r.text).toContain('    # Django on Gunicorn behind nginx.');
    expect(r.text).toContain('test: ["CMD", "wget"');
    // A column-0 comment introduces what follows it, and still does.
    expect(r.text).toContain('/healthz"]\n\n# Named volumes.\nvolumes:\n    pg: {}\n    data:\n');
  });

  test('is idempotent: a second merge changes nothing and reports nothing', () => {
    const once = mergeCompose(USER, OURS)!.text;
    const twice = mergeCompose(once, OURS)!;
    expect(twice.text).toBe(once);
    expect(twice.added).toEqual([]);
    expect(twice.kept).toEqual([]);
  });

  test("never overwrites a user's service of the same name, and says so", () => {
    const user = `services:\n  app:\n    image: mine:latest  # theirs\n  db:\n    image: postgres\n`;
    const r = mergeCompose(user, OURS)!;
    expect(r.kept).toEqual(['app']);
    expect(r.added).toEqual(['nginx']);
    const model = parse(r.text);
    expect(model.services.app).toEqual({ image: 'mine:latest' });
    expect(r.text).toContain('image: mine:latest  # theirs');
  });

  test('a service still as an add before wrote it is brought up to date; a changed one is kept', () => {
    const previous = OURS.replace('nginx:1.30-alpine', 'nginx:1.28-alpine').replace(
      'data:/app/var',
      'data:/app/old',
    );
    const user = mergeCompose(USER, previous)!.text;
    expect(user).toContain('data:/app/old');
    const r = mergeCompose(user, OURS, previous)!;
    expect(r.updated).toEqual(['app', 'nginx']);
    expect(r.kept).toEqual([]);
    const model = parse(r.text, { merge: true });
    expect(model.services.app.volumes).toEqual(['data:/app/var']);
    expect(model.services.nginx.image).toBe('nginx:1.30-alpine');
    // The rest of the file, the user's, is as it was; the update is at the file's indentation.
    expect(r.text.slice(0, r.text.indexOf('    # Django'))).toBe(
      user.slice(0, user.indexOf('    # Django')),
    );
    expect(r.text).toContain('\n    app:\n        build: .\n');
    expect(mergeCompose(r.text, OURS, previous)!.text).toBe(r.text);
    // Changed by the user: theirs now.
    const changed = user.replace('data:/app/old', 'data:/srv/mine');
    const kept = mergeCompose(changed, OURS, previous)!;
    expect(kept.kept).toEqual(['app']);
    expect(kept.updated).toEqual(['nginx']);
    expect(kept.text).toContain('data:/srv/mine');
  });

  test('names a service of theirs that builds this folder: it is most likely the app', () => {
    const user = `services:\n  web:\n    build:\n      context: .\n  worker:\n    build: ./worker\n`;
    expect(mergeCompose(user, OURS)!.buildsHere).toEqual(['web']);
    expect(mergeCompose(`services:\n  web:\n    build: .\n`, OURS)!.buildsHere).toEqual(['web']);
  });

  test('a file without volumes gets the block; CRLF stays CRLF', () => {
    const user = 'services:\r\n  db:\r\n    image: postgres\r\n';
    const r = mergeCompose(user, OURS)!;
    expect(r.text.startsWith(user.trimEnd())).toBe(true);
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(Object.keys(parse(r.text).volumes)).toEqual(['data']);
  });

  test('a flow mapping is merged through the Document, still valid and complete', () => {
    const r = mergeCompose('services: {db: {image: postgres}}  # flow\n', OURS)!;
    expect(Object.keys(parse(r.text).services)).toEqual(['db', 'app', 'nginx']);
    expect(r.text).toContain('# flow');
  });

  test('what is not a compose mapping is left alone', () => {
    expect(mergeCompose('services: [1, 2\n', OURS)).toBeUndefined();
    expect(mergeCompose('- a\n- b\n', OURS)).toBeUndefined();
    expect(mergeCompose('services: 3\n', OURS)).toBeUndefined();
  });

  describe("the postgres add-on's services beside a db of the user's", () => {
    /** As compose.yaml is written with the postgres add-on: the app waits for db's healthcheck. */
    const PG = `services:
  app:
    build: .
    depends_on:
      db:
        condition: service_healthy

  db:
    image: postgres:17-alpine
    volumes:
      - pgdata:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD", "pg_isready"]

volumes:
  pgdata:
`;

    test('their db with no healthcheck: the app waits for it to start, and our volume stays out', () => {
      const r = mergeCompose(USER, PG)!;
      expect(r.added).toEqual(['app']);
      expect(r.kept).toEqual(['db']);
      const model = parse(r.text, { merge: true });
      expect(model.services.app.depends_on).toEqual({ db: { condition: 'service_started' } });
      expect(r.text).toContain('# Your db has no healthcheck');
      expect(Object.keys(model.volumes)).toEqual(['pg']);
      expect(r.urlsToKept).toEqual([]);
      const withUrl = PG.replace(
        '    build: .\n',
        '    build: .\n    environment:\n      DATABASE_URL: "postgresql://app:app@db:5432/app"\n',
      );
      expect(mergeCompose(USER, withUrl)!.urlsToKept).toEqual([
        { service: 'app', variable: 'DATABASE_URL', host: 'db' },
      ]);
      // Applied again, nothing changes and nothing is said to be kept that is ours.
      const again = mergeCompose(r.text, PG)!;
      expect(again.text).toBe(r.text);
      expect(again.kept).toEqual(['db']);
    });

    test('their db with a healthcheck (through a merge key too): the app waits for it to be healthy', () => {
      for (const user of [
        'services:\n  db:\n    image: postgres\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n',
        'x-hc: &hc\n  healthcheck:\n    test: ["CMD", "pg_isready"]\nservices:\n  db:\n    <<: *hc\n    image: postgres\n',
      ]) {
        const model = parse(mergeCompose(user, PG)!.text, { merge: true });
        expect(model.services.app.depends_on, user).toEqual({
          db: { condition: 'service_healthy' },
        });
      }
    });
  });
});

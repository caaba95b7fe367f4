import { sqlalchemyScheme } from '../../catalog/drivers.js';
import type { EnvValue, EnvVar } from '../../catalog/env.js';
import type { ProjectShape } from '../../project/shape.js';

/** The add-on's own name for the URL, which a found app may read under another. */
const URL_VAR = 'DATABASE_URL';
/** Settings of the add-on's own code, which a project it did not make does not have. */
const NOT_READ = ['DATABASE_POOL_SIZE'];

/**
 * The add-on's settings as a project create-pyweb did not make reads them: the URL under the
 * name its code reads (`DB_URL`), with the scheme its SQLAlchemy needs to load the driver it
 * installs (`postgresql+psycopg://`), and what happens unset said as the app's, not ours.
 */
export function foundDatabaseSettings(settings: readonly EnvVar[], shape: ProjectShape): EnvVar[] {
  if (shape.origin === 'created') return [...settings];
  const name = shape.database?.urlVar ?? URL_VAR;
  const read = shape.settings?.find((s) => s.name === name);
  const scheme = sqlalchemyScheme('postgres', shape.runtimeDists ?? []);
  const withScheme = (v: EnvValue | undefined) =>
    v && scheme ? { ...v, value: v.value.replace(/^postgresql:/, `${scheme}:`) } : v;
  // The pool size is our code's setting: their code does not read it.
  return settings
    .filter((v) => !NOT_READ.includes(v.name))
    .map((v) =>
      v.name !== URL_VAR
        ? v
        : {
            ...v,
            name,
            default: () =>
              read
                ? `the app's (${read.where.split(':').slice(0, 2).join(':')})`
                : 'the app does not read it yet: point its database at it',
            example:
              v.example &&
              ((p) => {
                const e = withScheme(v.example!(p));
                return e && { ...e, note: e.note?.split('\n')[0] };
              }),
            compose: v.compose && ((p) => withScheme(v.compose!(p))),
          },
    );
}

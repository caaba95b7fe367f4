import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/**
 * `npm pack` of a checkout (this one by default) into `dest`, as built: the pack scripts run
 * (prepack writes the published package.json), all but the build (CREATE_PYWEB_PREBUILT).
 * Returns the tarball's path.
 */
export function packCheckout(dest: string, checkout = ROOT): string {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
      cwd: checkout,
      encoding: 'utf8',
      env: { ...process.env, CREATE_PYWEB_PREBUILT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { filename: string }[];
  return join(dest, packed[0].filename);
}

// Python modules the benchmark drops into a generated project, so that it depends on nothing
// but the package name and the interface: `app` is the framework's app with no server wrapper
// (what a server's bare default is pointed at), `slow` is the production app with one more path,
// /slow, that waits 50 ms the way each stack's own code would (time.sleep in sync code,
// asyncio.sleep in async code) and then answers exactly as /api/items does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SHIM = '_pyweb_bench';
export const SLOW_PATH = '/slow';
export const SLOW_MS = 50;

const header = `"""Written by create-pyweb's benchmark (scripts/bench/servers.mjs): not part of the project."""
import asyncio
import importlib
import os
import sys
import time

WAIT = ${SLOW_MS / 1000}


def _load(target):
    module, _, attr = target.partition(":")
    call = attr.endswith("()")
    obj = importlib.import_module(module)
    for part in attr.removesuffix("()").split("."):
        obj = getattr(obj, part)
    return obj() if call else obj


def _inner():
    return _load(os.environ["PYWEB_BENCH_INNER"])
`;

const plainApp = (appModule) => `
import ${appModule} as _module

# A factory (create_app) is called the way \`flask --app\` would.
app = getattr(_module, "app", None) or _module.create_app()
`;

const djangoApp = (iface) => `
from .${iface} import application as app
`;

const wsgiSlow = `

def _slow(inner):
    def slow(environ, start_response):
        if environ.get("PATH_INFO") == "${SLOW_PATH}":
            # A blocking call to a slow upstream, as sync code makes it: the thread waits.
            time.sleep(WAIT)
            environ["PATH_INFO"] = "/api/items"
        return inner(environ, start_response)

    return slow


if "PYWEB_BENCH_INNER" in os.environ:
    slow = _slow(_inner())

if __name__ == "__main__":
    # \`python -m pkg.${SHIM} pkg.serve\`: a launcher module that builds its own waitress server
    # gets the same wrapper around whatever app it hands to waitress.
    import runpy

    import waitress

    _create_server = waitress.create_server
    waitress.create_server = lambda wsgi_app, *a, **kw: _create_server(_slow(wsgi_app), *a, **kw)
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
`;

const asgiSlow = `

def _slow(inner):
    async def slow(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "${SLOW_PATH}":
            # An awaited call to a slow upstream: the event loop serves others meanwhile.
            await asyncio.sleep(WAIT)
            scope = {**scope, "path": "/api/items", "raw_path": b"/api/items"}
        await inner(scope, receive, send)

    return slow


if "PYWEB_BENCH_INNER" in os.environ:
    slow = _slow(_inner())
`;

const sanicSlow = `

if "PYWEB_BENCH_INNER" in os.environ:
    slow = _inner()
    # The handler of GET /api/items, whatever its name or blueprint.
    _items = next(r.handler for r in slow.router.routes if r.path.strip("/") == "api/items")

    async def _slow(request):
        await asyncio.sleep(WAIT)
        return await _items(request)

    slow.add_route(_slow, "${SLOW_PATH}", name="pyweb_bench_slow")
`;

// Django's own request path, for WSGI and ASGI alike: a plain sync view (Django runs it in a
// thread under ASGI), selected with DJANGO_SETTINGS_MODULE, which wsgi.py/asgi.py only default.
const djangoSettings = (
  pkg,
  settings,
) => `"""Written by create-pyweb's benchmark: the project's settings plus the ${SLOW_PATH} view."""
from ${settings} import *  # noqa: F403

ROOT_URLCONF = "${pkg}.${SHIM}_urls"
`;

const djangoUrls = (
  settings,
) => `"""Written by create-pyweb's benchmark: ${SLOW_PATH} in front of the project's URLconf."""
import time

from django.http import HttpRequest, HttpResponse
from django.urls import include, path, resolve

import ${settings} as settings


def slow(request: HttpRequest) -> HttpResponse:
    # A blocking call to a slow upstream, as a sync view makes it.
    time.sleep(${SLOW_MS / 1000})
    match = resolve("/api/items", urlconf=settings.ROOT_URLCONF)
    return match.func(request, *match.args, **match.kwargs)


urlpatterns = [path("${SLOW_PATH.slice(1)}", slow), path("", include(settings.ROOT_URLCONF))]
`;

/** Writes the shim into the project's package; returns how the slow variant is selected. */
export function writeShim({ dir, pkg, framework, iface, appModule, djangoSettingsModule }) {
  const pkgDir = join(dir, pkg);
  if (framework === 'django') {
    writeFileSync(
      join(pkgDir, `${SHIM}.py`),
      header + djangoApp(iface === 'asgi' ? 'asgi' : 'wsgi'),
    );
    writeFileSync(join(pkgDir, `${SHIM}_settings.py`), djangoSettings(pkg, djangoSettingsModule));
    writeFileSync(join(pkgDir, `${SHIM}_urls.py`), djangoUrls(djangoSettingsModule));
    return { kind: 'settings', env: { DJANGO_SETTINGS_MODULE: `${pkg}.${SHIM}_settings` } };
  }
  const slow = iface === 'sanic' ? sanicSlow : iface === 'asgi' ? asgiSlow : wsgiSlow;
  writeFileSync(join(pkgDir, `${SHIM}.py`), header + plainApp(appModule) + slow);
  return { kind: 'module' };
}

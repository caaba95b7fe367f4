"""The app for Apache's mod_wsgi (deploy/apache/vhost.conf: WSGIScriptAlias).

Apache hands its daemon processes no environment of ours, so the settings come from the
project's .env (the file compose reads too) before the app is imported. Variables
already set win.
"""

import os
from pathlib import Path

ENV_FILE = Path(__file__).resolve().parents[2] / ".env"

if ENV_FILE.is_file():
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        key = key.strip()
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key, value.strip().strip("'\""))

{{#if appFactory}}
from {{appModule}} import {{appAttr}}  # noqa: E402

application = {{appAttr}}()
{{else}}
from {{appModule}} import {{appAttr}} as application  # noqa: E402
{{/if}}

__all__ = ["application"]

"""Health probes answered ahead of every other middleware."""

from collections.abc import Awaitable, Callable
from typing import cast

{{#if database}}
from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.db import Error, connection
{{else}}
from asgiref.sync import iscoroutinefunction
{{/if}}
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.decorators import sync_and_async_middleware

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"

SyncHandler = Callable[[HttpRequest], HttpResponseBase]
AsyncHandler = Callable[[HttpRequest], Awaitable[HttpResponseBase]]
{{#if database}}


def readiness() -> JsonResponse:
    """/readyz: ready once a `SELECT 1` goes through the pool, which waits a few seconds at most
    (settings.py); until then 503 and why. Liveness (/healthz) never asks the database, so an
    outage takes the pods out of the Service without restarting them."""
    if not settings.DATABASE_URL:
        return JsonResponse(
            {"status": "unavailable", "detail": "DATABASE_URL is not set"}, status=503
        )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return JsonResponse({"status": "unavailable", "detail": reason}, status=503)
    return JsonResponse({"status": "ready"})
{{else}}


def readiness() -> JsonResponse:
    """/readyz: can this process take traffic now. Liveness (/healthz) only says it is alive; ask
    here what requests need (a database on another server) so that an outage takes the instance
    out of the load balancer without restarting it."""
    return JsonResponse({"status": "ready"})
{{/if}}


@sync_and_async_middleware
def health_check(get_response: SyncHandler | AsyncHandler) -> SyncHandler | AsyncHandler:
    """Kubernetes probes send the pod IP as Host over plain HTTP. Placed first, /healthz and
    /readyz skip ALLOWED_HOSTS validation (CommonMiddleware) and the HTTPS redirect
    (SecurityMiddleware)."""
    if iscoroutinefunction(get_response):
        get_async = cast(AsyncHandler, get_response)

        async def async_middleware(request: HttpRequest) -> HttpResponseBase:
            if request.path_info == HEALTH_PATH:
                return JsonResponse({"status": "ok"})
            if request.path_info == READY_PATH:
{{#if database}}
                # The ORM is synchronous: in a thread, as Django runs sync views.
                return await sync_to_async(readiness)()
{{else}}
                return readiness()
{{/if}}
            return await get_async(request)

        return async_middleware

    get_sync = cast(SyncHandler, get_response)

    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.path_info == HEALTH_PATH:
            return JsonResponse({"status": "ok"})
        if request.path_info == READY_PATH:
            return readiness()
        return get_sync(request)

    return middleware

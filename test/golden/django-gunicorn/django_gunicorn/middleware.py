"""Health probes answered ahead of every other middleware."""

from collections.abc import Awaitable, Callable
from typing import cast

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.decorators import sync_and_async_middleware

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"

SyncHandler = Callable[[HttpRequest], HttpResponseBase]
AsyncHandler = Callable[[HttpRequest], Awaitable[HttpResponseBase]]


def readiness() -> JsonResponse:
    """/readyz: can this process take traffic now. Liveness (/healthz) only says it is alive; ask
    here what requests need (a database on another server) so that an outage takes the instance
    out of the load balancer without restarting it."""
    return JsonResponse({"status": "ready"})


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
                return readiness()
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

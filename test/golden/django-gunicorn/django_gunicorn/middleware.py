"""Health probes answered ahead of every other middleware."""

from collections.abc import Awaitable, Callable
from typing import cast

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.decorators import sync_and_async_middleware

HEALTH_PATH = "/healthz"

SyncHandler = Callable[[HttpRequest], HttpResponseBase]
AsyncHandler = Callable[[HttpRequest], Awaitable[HttpResponseBase]]


@sync_and_async_middleware
def health_check(get_response: SyncHandler | AsyncHandler) -> SyncHandler | AsyncHandler:
    """Kubernetes probes send the pod IP as Host over plain HTTP. Placed first, /healthz skips
    ALLOWED_HOSTS validation (CommonMiddleware) and the HTTPS redirect (SecurityMiddleware)."""
    if iscoroutinefunction(get_response):
        get_async = cast(AsyncHandler, get_response)

        async def async_middleware(request: HttpRequest) -> HttpResponseBase:
            if request.path_info == HEALTH_PATH:
                return JsonResponse({"status": "ok"})
            return await get_async(request)

        return async_middleware

    get_sync = cast(SyncHandler, get_response)

    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.path_info == HEALTH_PATH:
            return JsonResponse({"status": "ok"})
        return get_sync(request)

    return middleware

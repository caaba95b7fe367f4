"""Health probes answered ahead of every other middleware."""
from collections.abc import Callable

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import sync_and_async_middleware

HEALTH_PATH = "/healthz"


@sync_and_async_middleware
def health_check(get_response: Callable) -> Callable:
    """Kubernetes probes send the pod IP as Host over plain HTTP. Placed first, /healthz skips
    ALLOWED_HOSTS validation (CommonMiddleware) and the HTTPS redirect (SecurityMiddleware)."""
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            if request.path_info == HEALTH_PATH:
                return JsonResponse({"status": "ok"})
            return await get_response(request)

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return JsonResponse({"status": "ok"})
        return get_response(request)

    return middleware

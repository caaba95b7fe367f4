"""JSON views, and the site's JSON error pages (urls.py names them as handler404 and handler500)."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from ..items import get_item, hello, list_items


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(hello())


@require_GET
def items(request: HttpRequest) -> JsonResponse:
    return JsonResponse([item.as_dict() for item in list_items()], safe=False)


@require_GET
def item(request: HttpRequest, item_id: int) -> JsonResponse:
    found = get_item(item_id)
    if found is None:
        return JsonResponse({"detail": "item not found"}, status=404)
    return JsonResponse(found.as_dict())


@require_GET
def whoami(request: HttpRequest) -> JsonResponse:
    # REMOTE_ADDR is whatever the server puts there: the server's proxy-header handling fixes it.
    # The scheme honours X-Forwarded-Proto through SECURE_PROXY_SSL_HEADER.
    return JsonResponse(
        {
            "client": request.META.get("REMOTE_ADDR"),
            "scheme": request.scheme,
            "host": request.get_host(),
        }
    )


def not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return JsonResponse({"detail": "not found"}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": "internal server error"}, status=500)

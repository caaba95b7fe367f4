"""JSON views over the Item model, and the site's JSON error pages (urls.py names them as
handler404 and handler500)."""

import json

from django.forms import modelform_factory
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..items import hello
from .models import Item

# The API is JSON for programs, not forms for browsers: it reads no cookie or session, so CSRF
# tokens would guard nothing (csrf_exempt). A cross-site page cannot send it JSON either: a form
# cannot set `Content-Type: application/json`, and fetch() would need a CORS preflight that this
# site does not answer.
JSON = "application/json"

# A new item's fields, validated as a form would: required, and a price that is a number.
ItemForm = modelform_factory(Item, fields=["name", "price"])


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(hello())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def items(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        return create_item(request)
    return JsonResponse([item.as_dict() for item in Item.objects.all()], safe=False)


def create_item(request: HttpRequest) -> JsonResponse:
    if request.content_type != JSON:
        return JsonResponse({"detail": f"send {JSON}"}, status=415)
    try:
        data = json.loads(request.body)
    except ValueError:
        return JsonResponse({"detail": "the body is not valid JSON"}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"detail": 'send an object: {"name": ..., "price": ...}'}, status=400)
    form = ItemForm(data)
    if not form.is_valid():
        errors = {field: list(messages) for field, messages in form.errors.items()}
        return JsonResponse({"detail": errors}, status=400)
    return JsonResponse(form.save().as_dict(), status=201)


@csrf_exempt
@require_http_methods(["GET", "DELETE"])
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        found = Item.objects.get(pk=item_id)
    except Item.DoesNotExist:
        return JsonResponse({"detail": "item not found"}, status=404)
    if request.method == "DELETE":
        found.delete()
        return HttpResponse(status=204)
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

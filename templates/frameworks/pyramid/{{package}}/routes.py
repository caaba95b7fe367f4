from pyramid.config import Configurator


def includeme(config: Configurator) -> None:
    config.add_route("index", "/")
    config.add_route("healthz", "/healthz")
    config.add_route("readyz", "/readyz")
    config.add_route("items", "/api/items")
    config.add_route("item", r"/api/items/{item_id:\d+}")
    config.add_route("whoami", "/api/whoami")

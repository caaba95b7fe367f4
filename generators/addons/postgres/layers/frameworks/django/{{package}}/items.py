"""What the index route says. The items are the api app's model (api/models.py), in PostgreSQL."""


def hello() -> dict[str, str]:
    return {
        "message": {{helloLiteral}},
        "framework": "{{framework}}",
        "server": "{{server}}",
    }

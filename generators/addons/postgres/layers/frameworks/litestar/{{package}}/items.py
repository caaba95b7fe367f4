"""What / answers. The items themselves are in PostgreSQL: models.py, api.py and migrations/."""


def hello() -> dict[str, str]:
    return {
        "message": {{helloLiteral}},
        "framework": "{{framework}}",
        "server": "{{server}}",
    }

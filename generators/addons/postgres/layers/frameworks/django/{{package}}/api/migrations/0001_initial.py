"""The items table, and the three items the API starts with. `makemigrations` wrote the
table's part; the seed is a data migration (RunPython), so a fresh database has them after
`python manage.py migrate`, and the tests' database too."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

SEED = [("keyboard", 49.0), ("mouse", 19.5), ("monitor", 199.0)]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The model as this migration knows it, not as models.py says today.
    Item = apps.get_model("api", "Item")
    # Ids from the table's identity, in this order (1, 2, 3): the next insert gets 4.
    for name, price in SEED:
        Item.objects.using(schema_editor.connection.alias).create(name=name, price=price)


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Item = apps.get_model("api", "Item")
    names = [name for name, _ in SEED]
    Item.objects.using(schema_editor.connection.alias).filter(name__in=names).delete()


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.TextField()),
                ("price", models.FloatField()),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]

from django.db import migrations, models


def count_references_already_given(apps, schema_editor):
    """Start each year's counter at the highest reference that year already has."""
    Determination = apps.get_model("determinations", "Determination")
    ReferenceCounter = apps.get_model("determinations", "ReferenceCounter")
    last = {}
    for reference in Determination.objects.values_list("reference", flat=True).iterator():
        _, year, number = reference.split("-")
        last[int(year)] = max(last.get(int(year), 0), int(number))
    ReferenceCounter.objects.bulk_create(ReferenceCounter(year=year, last=n) for year, n in last.items())


class Migration(migrations.Migration):
    dependencies = [
        ("determinations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceCounter",
            fields=[
                ("year", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("last", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(count_references_already_given, migrations.RunPython.noop),
        migrations.AddField(
            model_name="determination",
            name="origin",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name="determination",
            constraint=models.UniqueConstraint(
                condition=models.Q(("origin", ""), _negated=True), fields=("origin",), name="one_record_per_origin"
            ),
        ),
    ]

from django.db import migrations, models
from django.db.models import F


def sent_when_queued(apps, schema_editor):
    """A job whose message the queue took is taken to have been sent when it was queued."""
    apps.get_model("jobs", "Job").objects.filter(sent=True).update(sent_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="job",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(sent_when_queued, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(
            model_name="job",
            name="sent",
        ),
        migrations.AlterField(
            model_name="job",
            name="state",
            field=models.CharField(
                choices=[
                    ("queued", "waiting"),
                    ("running", "running"),
                    ("succeeded", "done"),
                    ("failed", "failed"),
                    ("cancelled", "cancelled"),
                ],
                db_index=True,
                default="queued",
                max_length=10,
                verbose_name="state",
            ),
        ),
    ]

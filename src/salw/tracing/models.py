"""Search keys of recorded serials for the marking-match engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.registry.models.scope import StateScopedQuerySet


class SerialKey(models.Model):
    """The skeleton of a mark's serial and its reverse, one row per registry mark.

    Derived from `registry.Marking.serial_key` (rebuilt by `salw tracing index`); stored apart so
    that the registry's own tables stay as the record keepers write them. The mark's id is the
    primary key, so the row costs no extra id, and the two indexes start with the State: a
    request is matched within the requested State's registry only.
    """

    marking = models.OneToOneField(
        "registry.Marking", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="+")
    skeleton = models.CharField(_("skeleton"), max_length=100)
    reverse = models.CharField(_("reversed skeleton"), max_length=100)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["state", "skeleton"], name="tracing_key_skeleton"),
            models.Index(fields=["state", "reverse"], name="tracing_key_reverse"),
        ]

    def __str__(self) -> str:
        return self.skeleton

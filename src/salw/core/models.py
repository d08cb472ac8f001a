"""The change log: every change of every audited model, kept forever and chained by hash."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class ChangeLogQuerySet(models.QuerySet):
    def for_object(self, instance: models.Model) -> "ChangeLogQuerySet":
        return self.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk)
        ).order_by("id")


class ChangeLog(models.Model):
    """One change of one row: who, when, in which request, and the values before and after.

    Rows are append-only (database triggers refuse UPDATE and DELETE) and each row's hash covers
    its content and the previous row's hash, so `salw verify-history` finds any row changed or
    removed behind the application's back.
    """

    time = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

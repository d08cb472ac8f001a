"""Cases (ITI para 28): tracing requests and seized weapons grouped by the States involved."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import Role
from salw.core.permissions import acting_state_id


class TracingCaseQuerySet(models.QuerySet):
    """A case is seen by the tracing officers of the State that opened it and of the States of
    the requests in it that they may see; each sees only what it may see inside."""

    def visible_to(self, user: Any) -> "TracingCaseQuerySet":
        from salw.tracing.models import TracingRequest  # the requests' own rule decides

        state_id = acting_state_id(user, Role.TRACING_OFFICER)
        if state_id is None:
            return self.none()
        shared = TracingRequest.objects.visible_to(user).values("pk")
        return self.filter(Q(state_id=state_id) | Q(requests__in=shared)).distinct()

    def editable_by(self, user: Any) -> "TracingCaseQuerySet":
        return self.visible_to(user).filter(state_id=user.state_id)


class TracingCase(models.Model):
    """A case opened by one State, grouping requests (its own or received) and seized weapons."""

    title = models.CharField(_("title"), max_length=200)
    state = models.ForeignKey(
        "states.State", verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    requests = models.ManyToManyField(
        "tracing.TracingRequest", verbose_name=_("requests"), related_name="cases", blank=True
    )
    weapons = models.ManyToManyField(
        "registry.Weapon", verbose_name=_("seized weapons"), related_name="+", blank=True
    )

    objects = TracingCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("tracing case")
        verbose_name_plural = _("tracing cases")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

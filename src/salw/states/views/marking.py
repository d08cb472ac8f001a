from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_editable_or_404
from salw.core.uploads import image_response
from salw.states.forms import MarkingExampleForm, MarkingPracticeForm
from salw.states.models import MarkingExample, MarkingPractice, State
from salw.states.services import (
    add_marking_example,
    save_marking_practice,
    withdraw_marking_example,
)


def marking_practice(request: HttpRequest, iso3: str) -> HttpResponse:
    """Public: how the State marks weapons, with examples of its marks."""
    state = get_object_or_404(State.objects.with_names(), iso3=iso3.upper())
    practice = MarkingPractice.objects.visible_to(request.user).filter(state=state).first()
    examples = practice.examples.current() if practice else MarkingExample.objects.none()
    can_edit = State.objects.editable_by(request.user).filter(pk=state.pk).exists()
    context = {"state": state, "practice": practice, "examples": examples, "can_edit": can_edit}
    return render(request, "states/marking_practice.html", context)


def marking_example_image(request: HttpRequest, iso3: str, token: str) -> FileResponse:
    """Public: the image of a current example, served with its checked content type."""
    example = get_object_or_404(
        MarkingExample.objects.current(), practice__state__iso3=iso3.upper(), token=token
    )
    return image_response(example.image, public=True)


class EditMarkingPracticeView(RoleRequiredMixin, View):
    """The State's focal point describes its marking practice and adds examples of marks."""

    def _state(self, request: HttpRequest, iso3: str) -> State:
        return get_editable_or_404(
            State.objects.with_names(), request.user, read_only_is_404=True, iso3=iso3.upper()
        )

    def get(self, request: HttpRequest, iso3: str) -> HttpResponse:
        state = self._state(request, iso3)
        practice = MarkingPractice.objects.filter(state=state).first()
        return self._render(
            request, state, MarkingPracticeForm(instance=practice), MarkingExampleForm()
        )

    def post(self, request: HttpRequest, iso3: str) -> HttpResponse:
        state = self._state(request, iso3)
        practice = MarkingPractice.objects.filter(state=state).first()
        action = request.POST.get("action", "practice")
        practice_form = MarkingPracticeForm(instance=practice)
        example_form = MarkingExampleForm()
        try:
            if action == "withdraw":
                example = MarkingExample.objects.filter(
                    practice__state=state, token=request.POST.get("token", "")
                ).first()
                if example is None:
                    raise Http404
                withdraw_marking_example(example, actor=request.user)
                messages.success(request, _("The example is withdrawn."))
                return redirect("states:marking_edit", iso3=state.iso3)
            if action == "example":
                example_form = MarkingExampleForm(request.POST, request.FILES)
                if example_form.is_valid():
                    add_marking_example(
                        state,
                        example_form.cleaned_data["image"],
                        kind=example_form.cleaned_data["kind"],
                        caption=example_form.cleaned_data["caption"],
                        actor=request.user,
                    )
                    messages.success(request, _("The example is added."))
                    return redirect("states:marking_edit", iso3=state.iso3)
            else:
                practice_form = MarkingPracticeForm(request.POST, instance=practice)
                if practice_form.is_valid():
                    save_marking_practice(state, practice_form.cleaned_data, actor=request.user)
                    messages.success(request, _("The marking practice is saved."))
                    return redirect("states:marking", iso3=state.iso3)
        except ValidationError as refused:
            target = example_form if action == "example" else practice_form
            for field, errors in refused.message_dict.items():
                target.add_error(field if field in target.fields else None, errors)
        return self._render(request, state, practice_form, example_form, status=400)

    def _render(
        self,
        request: HttpRequest,
        state: State,
        practice_form: MarkingPracticeForm,
        example_form: MarkingExampleForm,
        status: int = 200,
    ) -> HttpResponse:
        practice = MarkingPractice.objects.filter(state=state).first()
        context = {
            "state": state,
            "form": practice_form,
            "example_form": example_form,
            "examples": practice.examples.current() if practice else [],
        }
        return render(request, "states/marking_form.html", context, status=status)

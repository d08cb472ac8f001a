from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from salw.accounts.services import set_language as remember_language
from salw.portal.dashboard import panels_for
from salw.states.models import State


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"state_count": State.objects.count()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/dashboard.html", {"panels": panels_for(request.user)})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the user's account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        remember_language(request.user, language)
    return response

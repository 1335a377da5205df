from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staff.models import choose_language


class AdminLanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(max_length=2000, required=False)


@require_POST
@staff_member_required
def set_admin_language(request):
    """Remember the admin language a staff member picked, then go back where they were."""
    form = AdminLanguageForm(request.POST)
    back = reverse("admin:index")
    if form.is_valid():
        language = form.cleaned_data["language"]
        choose_language(user=request.user, language=language)
        wanted = form.cleaned_data["next"]
        if url_has_allowed_host_and_scheme(wanted, None) and wanted.startswith(back):
            back = wanted
        with translation.override(language):
            messages.success(request, _("The admin now speaks your chosen language."))
    return HttpResponseRedirect(back)

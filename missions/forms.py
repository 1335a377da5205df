from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from missions.models import MeetingRequest, Participant, Session


class AnswerForm(forms.Form):
    """A participant's answer to the invitation: attending or not, the sessions they can
    attend, and yes or no to each meeting proposed to them."""

    attending = forms.TypedChoiceField(
        label=_("Will you take part?"),
        choices=[("yes", _("Yes, we will take part")), ("no", _("No, we cannot take part"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    sessions = forms.ModelMultipleChoiceField(
        label=_("Sessions you can attend"),
        queryset=Session.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, participant: Participant, requests: list[MeetingRequest], **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = requests
        self.fields["sessions"].queryset = Session.objects.filter(mission=participant.mission)
        side = "exporter" if participant.is_exporter else "buyer"
        choices = [
            (MeetingRequest.Answer.ACCEPTED, _("Yes, I would like to meet")),
            (MeetingRequest.Answer.DECLINED, _("No, thank you")),
        ]
        for request in requests:
            other = request.buyer if participant.is_exporter else request.exporter
            given = getattr(request, f"{side}_answer")
            self.fields[f"meeting_{request.pk}"] = forms.ChoiceField(
                label=other.name,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=given if given != MeetingRequest.Answer.PENDING else None,
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attending") and not cleaned.get("sessions"):
            self.add_error("sessions", _("Choose at least one session you can attend."))
        return cleaned

    def meeting_fields(self):
        return [(request, self[f"meeting_{request.pk}"]) for request in self.requests]

    def meetings(self) -> dict[int, str]:
        return {
            request.pk: self.cleaned_data[f"meeting_{request.pk}"]
            for request in self.requests
            if self.cleaned_data.get(f"meeting_{request.pk}")
        }

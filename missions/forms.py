from __future__ import annotations

from django import forms
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from catalogue.lib.form_fields import RowChoiceField, RowsChoiceField
from catalogue.models import Offer
from missions.agendas import named
from missions.models import Meeting, MeetingRequest, Participant, Session

SOLD_SHOWN = 4  # products named beside an exporter a buyer may ask to meet


def session_label(session: Session) -> str:
    """A session as a reader says it: "Tuesday, 9 March 2027, 09:00–12:00"."""
    day = capfirst(date_format(session.date, "l, j E Y"))
    return f"{day}, {session.start:%H:%M}–{session.end:%H:%M}"


def exporter_label(participant: Participant) -> str:
    """An exporter and the first few products it offers."""
    offers = list(participant.exporter.offers.all())
    sold = named(offer.category for offer in offers[:SOLD_SHOWN])
    more = "…" if len(offers) > SOLD_SHOWN else ""
    return f"{participant.name}: {sold}{more}" if sold else participant.name


class AnswerForm(forms.Form):
    """A participant's answer to the invitation: attending or not, the sessions they can
    attend, and yes or no to each meeting proposed to them."""

    attending = forms.TypedChoiceField(
        label=_("Will you take part?"),
        choices=[("yes", _("Yes, we will take part")), ("no", _("No, we cannot take part"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    sessions = RowsChoiceField(
        label=_("Sessions you can attend"),
        queryset=Session.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    asked = RowsChoiceField(
        label=_("Others you would like to meet"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, participant: Participant, requests: list[MeetingRequest], **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = requests
        self.fields["sessions"].queryset = Session.objects.filter(mission=participant.mission)
        self.fields["sessions"].label_from_instance = session_label
        side = participant.side
        # The other side's participants not declining, whom no request links to them yet.
        others = Participant.objects.filter(mission=participant.mission).exclude(
            status=Participant.Status.DECLINED
        )
        others = others.buyers() if participant.is_exporter else others.exporters()
        linked = {r.buyer_id if participant.is_exporter else r.exporter_id for r in requests}
        self.fields["asked"].queryset = others.exclude(pk__in=linked).select_related(
            "exporter", "buyer"
        )
        if not participant.is_exporter:  # a buyer chooses exporters by what they sell
            offered = Offer.objects.filter(is_active=True).select_related("category")
            self.fields["asked"].queryset = self.fields["asked"].queryset.prefetch_related(
                Prefetch("exporter__offers", queryset=offered.order_by("category__name"))
            )
            self.fields["asked"].label_from_instance = exporter_label
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


class WalkInForm(forms.Form):
    """A meeting arranged on the day, between two participants who came."""

    exporter = RowChoiceField(label=_("Exporter"), queryset=Participant.objects.none())
    buyer = RowChoiceField(label=_("Buyer"), queryset=Participant.objects.none())
    when = forms.ChoiceField(label=_("When"))

    def __init__(self, *args, mission, slots: dict[int, list], **kwargs):
        super().__init__(*args, **kwargs)
        present = Participant.objects.filter(mission=mission).attending()
        present = present.select_related("exporter", "buyer")
        self.fields["exporter"].queryset = present.exporters()
        self.fields["buyer"].queryset = present.buyers()
        sessions = {s.pk: s for s in Session.objects.filter(mission=mission)}
        self.fields["when"].choices = [
            (f"{session_id}:{slot}", f"{sessions[session_id].date:%d.%m} {start:%H:%M}")
            for session_id, starts in slots.items()
            for slot, start in enumerate(starts)
        ]

    def clean_when(self) -> tuple[Session, int]:
        session_id, slot = self.cleaned_data["when"].split(":")
        return Session.objects.get(pk=int(session_id)), int(slot)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["status", "interest", "next_step", "follow_up_on", "deal_value", "currency",
                  "notes"]  # fmt: skip
        widgets = {"follow_up_on": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deal_value") is not None and not cleaned.get("currency"):
            self.add_error("currency", _("Give the currency of the deal's value."))
        return cleaned

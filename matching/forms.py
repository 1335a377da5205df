"""The register-interest form: the buyer, one or more product lines, and its guards."""

from __future__ import annotations

import time
from datetime import date

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from access.rules import access_for
from catalogue.choices import Incoterm, Unit
from catalogue.lib.collation import by_label
from catalogue.lib.form_fields import TextField, canonical_email, validate_deliverable_email
from catalogue.lib.formatting import format_date
from catalogue.lib.languages import shown
from catalogue.lib.normalise import searchable_text
from catalogue.models import Certification, ProductCategory
from catalogue.suggest.service import likely_subheadings
from matching.models import MAX_QUANTITY, InterestLine
from matching.models.interests import ContactChannel
from matching.nigeria import Port, normalise_cac_number, normalise_phone, states_by_name
from matching.notices import rule_notice
from matching.services import BuyerDetails, LineDetails

MAX_LINES = 10
# Delivery dates a request may give: from today to the end of the year this many ahead.
DELIVERY_YEARS = 10
STARTED_SALT = "matching.form.started"


def started_token(at: float | None = None) -> str:
    """When the form was shown, signed so a bot cannot claim it waited."""
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


def _blank(choices) -> list:
    return [("", "—"), *choices]


def _state_choices() -> list:
    """Read each time the list is shown: in the order of the page's language."""
    return _blank(states_by_name())


class NigerianNumbersMixin:
    """A phone number and CAC registration number as people write them, stored one way."""

    def clean_cac_number(self) -> str:
        value = self.cleaned_data["cac_number"].strip()
        if not value:
            return ""
        try:
            return normalise_cac_number(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class BuyerForm(NigerianNumbersMixin, forms.Form):
    # How the list of errors above the form names a field whose label is a sentence.
    short_labels = {"consent": _("Consent to the privacy notice")}

    company_name = TextField(label=_("Company name"), max_length=200)
    cac_number = TextField(
        label=_("CAC registration number"),
        max_length=20,
        required=False,
        help_text=_("Optional: RC, BN, IT, LP or LLP and digits, e.g. RC 1234567."),
    )
    state = forms.ChoiceField(label=_("State"), choices=_state_choices)
    city = TextField(label=_("City"), max_length=100)
    contact_name = TextField(label=_("Contact person"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send a link to confirm your request."),
        validators=[validate_deliverable_email],
    )
    phone = TextField(
        label=_("Phone"), max_length=30, help_text=_("e.g. 0803 123 4567 or +234 803 123 4567")
    )
    contact_channel = forms.ChoiceField(
        label=_("How should exporters contact you?"),
        choices=_blank(ContactChannel.choices),
        required=False,
    )
    contact_times = TextField(
        label=_("Best times to contact you"), max_length=100, required=False,
        help_text=_("e.g. weekdays 9:00–17:00 (Lagos time)"),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that trade officials keep my "
                "request and contact details to find Kazakh exporters for it."),
        error_messages={"required": _("Please read the privacy notice and tick the box.")},
    )  # fmt: skip
    # Left empty by people (it is hidden from them), filled in by many bots.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_email(self) -> str:
        return canonical_email(self.cleaned_data["email"])

    def clean_started(self) -> float:
        try:
            started = float(signing.loads(self.cleaned_data["started"], salt=STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("Please reload the page and fill in the form again.")
            ) from None
        if time.time() - started < settings.INTEREST_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check the form and send it again.")
            )
        return started

    @property
    def looks_automated(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))

    def details(self) -> BuyerDetails:
        data = self.cleaned_data
        return BuyerDetails(
            company_name=data["company_name"],
            cac_number=data["cac_number"],
            state=data["state"],
            city=data["city"],
            contact_name=data["contact_name"],
            email=data["email"],
            phone=data["phone"],
            contact_channel=data.get("contact_channel", ""),
            contact_times=data.get("contact_times", "").strip(),
            consented=data["consent"],
        )


class CategoryField(forms.ModelChoiceField):
    """The product page a line came from, sent back in a hidden field: one unpublished or
    removed since is no error the buyer could see or fix; the line keeps its words."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class LineForm(forms.Form):
    short_labels = {"rules_seen": _("Nigeria's import rules")}

    category = CategoryField(
        queryset=ProductCategory.objects.published(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    product = TextField(
        label=_("Product"),
        max_length=200,
        error_messages={"required": _("Say which product you want.")},
        help_text=_("In your own words, e.g. refined sunflower oil, 12 mm iron rods."),
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, min_value=0, max_value=MAX_QUANTITY, decimal_places=3
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=_blank(Unit.choices), required=False)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=_blank(InterestLine.Frequency.choices), required=False
    )
    incoterm = forms.ChoiceField(
        label=_("Incoterm"), choices=_blank(Incoterm.choices), required=False
    )
    port = forms.ChoiceField(
        label=_("Destination port"), choices=_blank(Port.choices), required=False
    )
    port_other = TextField(label=_("Other port"), max_length=100, required=False)
    timeframe = TextField(
        label=_("When"),
        max_length=100,
        required=False,
        help_text=_("e.g. Q1 2027, within 3 months"),
    )
    required_certification = forms.ChoiceField(label=_("Certification required"), required=False)
    notes = TextField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_price = forms.DecimalField(
        label=_("Target price"), required=False, min_value=0, max_value=MAX_QUANTITY,
        decimal_places=2,
    )  # fmt: skip
    currency = forms.ChoiceField(
        label=_("Currency"), choices=_blank(InterestLine.Currency.choices), required=False
    )
    price_basis = forms.ChoiceField(
        label=_("Price basis"), choices=_blank(InterestLine.PriceBasis.choices), required=False
    )
    specifications = TextField(
        label=_("Specifications"), max_length=1000, required=False,
        help_text=_("Size, grade, standard: e.g. 12 mm, grade B500, ISO 6935-2."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    packaging = forms.ChoiceField(
        label=_("Packaging"), choices=_blank(InterestLine.Packaging.choices), required=False
    )
    pack_size = TextField(label=_("Pack size"), max_length=50, required=False,
                          help_text=_("e.g. 50 kg bags"))  # fmt: skip
    delivery_from = forms.DateField(
        label=_("Delivery from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    delivery_to = forms.DateField(
        label=_("Delivery by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    rules_seen = forms.BooleanField(
        label=_("I have read the notice and still want to ask for this product"), required=False
    )

    def __init__(self, *args, certifications: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_certification"].choices = certifications or certification_choices()
        first, last = delivery_dates()
        for name in ("delivery_from", "delivery_to"):  # the date picker offers no other
            self.fields[name].widget.attrs.update(min=first.isoformat(), max=last.isoformat())
        # Nigeria's import rules on the product: shown with the line, read before sending.
        self.import_rules = []
        if not self.is_bound:  # a product page's category, a search's words, unvalidated
            category = self.fields["category"].to_python(self.initial.get("category"))
            self.import_rules = _rules_on(category, str(self.initial.get("product") or ""))

    def clean(self):
        data = super().clean()
        if data.get("quantity") is not None:
            if data["quantity"] <= 0:
                self.add_error("quantity", _("Give a quantity above zero, or leave it empty."))
            elif not data.get("unit"):
                self.add_error("unit", _("Choose the unit of the quantity."))
        if data.get("port") == Port.OTHER and not data.get("port_other", "").strip():
            self.add_error("port_other", _("Name the port."))
        if data.get("target_price") is not None:
            if data["target_price"] <= 0:
                self.add_error("target_price", _("Give a price above zero, or leave it empty."))
            elif not data.get("currency"):
                self.add_error("currency", _("Choose the currency of the price."))
        start, end = data.get("delivery_from"), data.get("delivery_to")
        first, last = delivery_dates()
        for name in ("delivery_from", "delivery_to"):
            day = data.get(name)
            if day and not first <= day <= last:
                self.add_error(
                    name,
                    _("Give a date from %(first)s to %(last)s.")
                    % {"first": format_date(first), "last": format_date(last)},
                )
        if start and end and end < start:
            self.add_error("delivery_to", _("The delivery window ends before it starts."))
        self.import_rules = _rules_on(data.get("category"), data.get("product", ""))
        if self.import_rules and not data.get("rules_seen"):
            read = _("Please read the notice on Nigeria's import rules and tick the box.")
            self.add_error("rules_seen", read)
        return data

    def details(self) -> LineDetails:
        data = self.cleaned_data
        notices = [rule_notice(rule) for rule in self.import_rules]
        return LineDetails(
            category=data.get("category"),
            free_text=data.get("product", "").strip(),
            quantity=data.get("quantity"),
            unit=data.get("unit", ""),
            frequency=data.get("frequency", ""),
            incoterm=data.get("incoterm", ""),
            port=data.get("port", ""),
            port_other=data.get("port_other", "").strip() if data.get("port") == Port.OTHER else "",
            timeframe=data.get("timeframe", "").strip(),
            required_certification=data.get("required_certification", ""),
            notes=data.get("notes", "").strip(),
            target_price=data.get("target_price"),
            currency=data.get("currency", ""),
            price_basis=data.get("price_basis", ""),
            specifications=data.get("specifications", "").strip(),
            packaging=data.get("packaging", ""),
            pack_size=data.get("pack_size", "").strip(),
            delivery_from=data.get("delivery_from"),
            delivery_to=data.get("delivery_to"),
            # What the buyer acknowledged, kept as shown.
            rules_seen=" | ".join(notices),
            rules_seen_data=tuple(notice.as_data() for notice in notices),
        )


def _rules_on(category: ProductCategory | None, product: str) -> list:
    """The active prohibitions on a line's product: by its category's codes and, when the
    buyer's words are not the category's name, by the codes those words most likely mean
    (any of the close first suggestions: "eggs" may be 0408 or 0407)."""
    codes = [code.hs_code_id for code in category.codes.all()] if category else []
    text = searchable_text(product).strip()
    names = {category.name, category.name_ru, category.name_kk} if category else set()
    if text and text.casefold() not in {name.casefold() for name in names}:
        codes += [s.code for s in likely_subheadings(text)]
    return list(access_for(codes).prohibitions)


def delivery_dates() -> tuple[date, date]:
    """The first and last delivery dates a request may give."""
    today = timezone.localdate()
    return today, date(today.year + DELIVERY_YEARS, 12, 31)


def certification_choices() -> list[tuple[str, str]]:
    """The certifications by the name the page shows, in its language's alphabet."""
    language = get_language()
    names = [(c.code, str(shown(c, "name", language))) for c in Certification.objects.all()]
    return _blank(by_label(names, language))


class BaseLineFormSet(forms.BaseFormSet):
    def initial_form_count(self):
        """No line is a stored row being edited: a line sent blank is skipped (every line but
        the first), whatever the page that sent it showed."""
        return 0 if self.is_bound else super().initial_form_count()

    def get_form_kwargs(self, index):
        """Every line offers the same certifications: read them once for the formset."""
        if not hasattr(self, "_certifications"):
            self._certifications = certification_choices()
        return {**super().get_form_kwargs(index), "certifications": self._certifications}

    def clean(self):
        super().clean()
        if not any(
            form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms
        ):
            raise forms.ValidationError(_("Add at least one product."))


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_max=True,
    can_delete=True,
)


class LostLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail you used"), max_length=254, validators=[validate_deliverable_email]
    )

    def clean_email(self) -> str:
        return canonical_email(self.cleaned_data["email"])

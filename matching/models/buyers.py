from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from catalogue.lib.form_fields import validate_deliverable_email
from matching.nigeria import CAC_NUMBER_PATTERN, PHONE_PATTERN, State


class Buyer(models.Model):
    """A Nigerian company that registers interest, identified by its contact e-mail."""

    company_name = models.CharField(_("company name"), max_length=200)
    cac_number = models.CharField(
        _("CAC number"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(CAC_NUMBER_PATTERN, _("RC, BN, IT, LP or LLP and digits."))],
    )
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    city = models.CharField(_("city"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254, validators=[validate_deliverable_email])
    phone = models.CharField(
        _("phone"),
        max_length=14,
        help_text="+234XXXXXXXXXX",
        validators=[RegexValidator(PHONE_PATTERN, _("A Nigerian number as +234XXXXXXXXXX."))],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set when the buyer's personal data was erased, on their request or at the end of the
    # retention period (matching/personal_data.py): the record stays for the counts.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["company_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="buyer_unique_email"),
            models.CheckConstraint(
                condition=models.Q(phone__regex=PHONE_PATTERN)
                | models.Q(phone="", erased_at__isnull=False),
                name="buyer_phone_e164_nigeria",
            ),
            models.CheckConstraint(
                condition=models.Q(cac_number="") | models.Q(cac_number__regex=CAC_NUMBER_PATTERN),
                name="buyer_cac_number_format",
            ),
        ]
        indexes = [
            # Staff reports filter by state.
            models.Index(fields=["state"], name="buyer_state_idx"),
        ]

    def __str__(self) -> str:
        return self.company_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def language(self) -> str:
        """The language of the buyer's latest request: e-mails about none in particular
        (their links, the erasure of their data) are written in it."""
        latest = self.interests.order_by("-created_at", "-pk").values_list("language", flat=True)
        return latest.first() or settings.LANGUAGE_CODE

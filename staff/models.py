from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdminLanguage(models.Model):
    """The language a staff member chose for the admin, whatever their browser asks for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="admin_language",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("admin language")
        verbose_name_plural = _("admin languages")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_language_display()}"


def chosen_language(user) -> str | None:
    """The admin language `user` chose, or None to follow the browser."""
    if not user.is_authenticated or not user.is_staff:
        return None
    return AdminLanguage.objects.filter(user=user).values_list("language", flat=True).first()


def choose_language(*, user, language: str) -> None:
    AdminLanguage.objects.update_or_create(user=user, defaults={"language": language})

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, also reading the plural markers of modules that import
    nothing from Django (catalogue.lib.messages.ngettext_noop)."""

    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=ngettext_noop:1,2"]

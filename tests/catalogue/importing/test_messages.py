"""Import messages keep what they are made of, so that a report kept today reads in the
language of whoever opens it tomorrow."""

import json
import pickle

from catalogue.lib.messages import Message, gettext_noop, ngettext_noop

RUSSIAN = {
    "Not a usable HS code: %(reason)s.": "Непригодный код ГС: %(reason)s.",
    "%(code)s is not in the HS 2022 nomenclature": "%(code)s нет в номенклатуре ГС 2022",
}


def russian(text):
    return RUSSIAN.get(text, text)


def russian_plural(singular, plural, count):
    return {1: "%(count)s ошибка"}.get(count, "%(count)s ошибок")


def spaced(number):
    return f"{number:,}".replace(",", " ")


def unusable(code):
    reason = Message(gettext_noop("%(code)s is not in the HS 2022 nomenclature"), code=code)
    return Message(gettext_noop("Not a usable HS code: %(reason)s."), reason=reason)


def test_a_message_is_its_english_text():
    english = "Not a usable HS code: 9999.99 is not in the HS 2022 nomenclature."
    assert unusable("9999.99") == english


def test_a_message_is_translated_with_its_parts_and_the_file_text_kept():
    shown = unusable("9999.99").translate(russian, russian_plural, spaced)
    assert shown == "Непригодный код ГС: 9999.99 нет в номенклатуре ГС 2022."


def test_a_kept_message_comes_back_whole_from_json_and_pickle():
    message = unusable("0402.21")
    kept = Message.from_data(json.loads(json.dumps(message.as_data())))
    assert kept == message and kept.as_data() == message.as_data()
    assert pickle.loads(pickle.dumps(message)).as_data() == message.as_data()


def test_counts_take_the_plural_and_the_readers_grouping_but_rows_do_not():
    many = ngettext_noop("%(count)s error", "%(count)s errors")
    assert Message(many, count=1) == "1 error"
    assert Message(many, count=12000) == "12,000 errors"
    assert Message(many, count=12000).translate(russian, russian_plural, spaced) == "12 000 ошибок"
    assert Message(gettext_noop("Repeats row %(row)s."), row=12000) == "Repeats row 12000."


def test_a_translation_that_lost_a_placeholder_falls_back_to_english():
    message = Message(gettext_noop("Line %(line)s: %(error)s."), line=3, error="bad quote")
    assert message.translate(lambda t: "Строка %(lost)s", None, str) == "Line 3: bad quote."


def test_text_from_the_file_in_a_message_is_cleaned():
    message = Message(gettext_noop("No sheet named %(sheet)s."), sheet="Лист\x001\n2")
    assert message.cleaned() == "No sheet named Лист1 2."

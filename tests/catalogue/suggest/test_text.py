from catalogue.suggest.text import words


def test_characters_that_show_nothing_do_not_part_a_word():
    assert words("Би\u00adдай ұны") == words("Бидай ұны") == ["бидай", "ұны"]
    assert words("Ш\u200dай \u200fАстана\u200e") == words("Шай Астана")

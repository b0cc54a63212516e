from articles.bangla.numerals import to_ascii_digits, to_bengali_digits


def test_round_trip_and_length():
    assert to_ascii_digits("২০২৫-০৬-২৩ ১০:২৪") == "2025-06-23 10:24"
    assert to_bengali_digits("2025, 10:24") == "২০২৫, ১০:২৪"
    s = "মোট ১২৩ জন, 45 টি"
    assert len(to_ascii_digits(s)) == len(s)
    assert to_bengali_digits(to_ascii_digits(s)) == "মোট ১২৩ জন, ৪৫ টি"


def test_other_text_untouched():
    assert to_ascii_digits("abc খগ") == "abc খগ"
    assert to_bengali_digits(7) == "৭"


def test_every_digit_converts_wherever_it_stands():
    text = "০১২৩৪৫৬৭৮৯ক৯ 8৮ ৫"
    assert to_ascii_digits(text) == "0123456789ক9 88 5"
    assert to_ascii_digits("") == ""

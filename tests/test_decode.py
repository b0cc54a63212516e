import codecs

import pytest

from articles.ingest.decode import decode_bytes, read_text
from articles.ingest.record import InputError

TEXT = "প্রকাশ: ১২ নভেম্বর ২০২৫\nঢাকায় আজ বৃষ্টি হয়েছে। আবহাওয়া অফিস এ তথ্য জানিয়েছে।\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_good_encodings(data):
    assert decode_bytes(data) == TEXT


def test_english_latin1_is_decoded():
    assert "café" in decode_bytes("The café opened today. Everyone came.".encode("cp1252"))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"\x00\x01\x02\x03\xff\xfe\xfd" * 50, "binary"),
        (TEXT.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"), "Windows-1252/Latin-1"),
        (TEXT.encode("utf-8").decode("latin-1").encode("utf-8"), "mojibake"),
        ("evsjv‡`k miKvi Ges RbM‡Yi Rb¨ K‡i".encode("cp1252"), "Bijoy"),
    ],
)
def test_bad_inputs(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_size_limit():
    with pytest.raises(InputError, match="too large"):
        decode_bytes(b"a" * 101, max_bytes=100)


def test_read_text_names_the_file(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_bytes(codecs.BOM_UTF8 + TEXT.encode())
    assert read_text(good) == TEXT
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError, match="empty.txt: empty file"):
        read_text(bad)
    with pytest.raises(InputError, match="missing.txt"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="too large"):
        read_text(good, max_bytes=10)

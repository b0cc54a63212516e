"""Turning the bytes of an input file into text, or a clear InputError saying why that is impossible.

Handled: UTF-8 with or without BOM, UTF-16/32 with BOM, UTF-16 without BOM (detected from the NUL
pattern), and legacy single-byte encodings via charset-normalizer. Refused with a reason: empty files,
binary files (by magic number or control characters), files over the size limit, mojibake (UTF-8
Bengali decoded as Windows-1252/Latin-1 and saved again), and Bijoy/SutonnyMJ ASCII-encoded Bengali.
"""

from __future__ import annotations

import codecs
import os
import re

from .record import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3", "SQLite database"),
    (b"RIFF", "audio/video file"),
    (b"ID3", "MP3 audio"),
)

# UTF-8 Bengali (E0 A6 xx / E0 A7 xx) read as Windows-1252 or Latin-1 turns into "à¦" / "à§" pairs.
_MOJIBAKE_RE = re.compile("à[¦§]")
_BENGALI_RE = re.compile("[\u0980-\u09ff]")
# Double-encoded Latin/typographic text: "â€™", "Ã©" ...
_MOJIBAKE_LATIN_RE = re.compile("â€[™œ\x9d˜“”¦]|Ã[\u00a0-\u00bf]")
# Words of Bengali typed in the Bijoy (SutonnyMJ) ASCII layout: বাংলাদেশ, এবং, করে, সরকার, হয়েছে, জন্য.
_BIJOY_RE = re.compile(r"evsjv|miKvi|\bGes\b|\bK.i\b|\bwZwb\b|\bKiv\b|\bn.q.Q\b|\bRb.\b")


def _reject_binary(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({kind}), not a text page")


def _looks_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL, as in BOM-less UTF-16 of ASCII/markup."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    # Bengali UTF-16 has 0x09 as the high byte of most characters rather than NUL.
    even_09 = sample[0::2].count(9) / max(1, len(sample[0::2]))
    odd_09 = sample[1::2].count(9) / max(1, len(sample[1::2]))
    if odd_09 > 0.3 and sample[0::2].count(9) < len(sample) // 8:
        return "utf-16-le"
    if even_09 > 0.3 and sample[1::2].count(9) < len(sample) // 8:
        return "utf-16-be"
    return None


def _check_text(text: str) -> str:
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:20000]) // 100):
        raise InputError("binary file: too many control characters for a text page")
    moji = len(_MOJIBAKE_RE.findall(text))
    # Counted only when needed: a JSON Lines file of thousands of articles is one text.
    if moji >= 3 and moji * 2 > len(_BENGALI_RE.findall(text)):
        raise InputError(
            "mojibake: looks like UTF-8 Bengali text decoded as Windows-1252/Latin-1 and saved again "
            '("à¦..." sequences); re-export the page as UTF-8'
        )
    bengali = _BENGALI_RE.search(text) is not None
    if len(_MOJIBAKE_LATIN_RE.findall(text)) >= 5 and not bengali:
        raise InputError('mojibake: looks like UTF-8 text decoded as Windows-1252 ("â€™", "Ã©" sequences)')
    if not bengali and len(_BIJOY_RE.findall(text)) >= 3:
        raise InputError(
            "legacy encoding: looks like Bengali typed in the Bijoy/SutonnyMJ ASCII layout, not Unicode; "
            "convert it to Unicode first"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, warnings: list[str] | None = None
) -> str:
    """Decode an input file's bytes to text (newlines normalised to \\n) or raise InputError.

    When the encoding had to be guessed, `warnings` gets a line saying which one was used."""
    if data is None or len(data) == 0:
        raise InputError("empty file")
    if len(data) > max_bytes:
        raise InputError(f"file too large ({len(data):,} bytes; the limit is {max_bytes:,})")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid {encoding.upper()} after its byte-order mark ({exc.reason})"
                ) from exc
    _reject_binary(data)
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return _check_text(data.decode(utf16))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError("binary file: contains NUL bytes and is not UTF-16 text")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a pinned dependency
        raise InputError("not UTF-8 and no charset detector available") from None
    best = from_bytes(data[:200000]).best()
    encoding = best.encoding if best is not None else None
    # Western files are Windows-1252 far more often than the Central European code pages a detector
    # likes to pick for short texts ("naïve" read as cp1250 is "naďve"). Latin-1 covers the bytes
    # Windows-1252 leaves undefined.
    if encoding is None or encoding in _LATIN_FAMILY:
        encoding = "cp1252" if _decodes(data, "cp1252") else "latin_1" if encoding else None
    if encoding is None:
        raise InputError("not valid UTF-8 and no other text encoding fits (binary file?)")
    text = data.decode(encoding, errors="replace")
    if text.count("\ufffd") > max(5, len(text) // 200):
        raise InputError(f"not valid UTF-8; best guess {encoding} leaves undecodable bytes")
    text = _check_text(text)
    if warnings is not None:
        name = {"cp1252": "Windows-1252", "latin_1": "Latin-1"}.get(encoding, encoding)
        warnings.append(f"the file is not UTF-8; read as {name} (a guess: check accented letters)")
    return text


_LATIN_FAMILY = {
    "ascii", "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
    "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman",
    "mac_latin2", "mac_iceland", "mac_turkish", "cp437", "cp850", "cp858", "cp1125",
}  # fmt: skip


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_text(
    path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, warnings: list[str] | None = None
) -> str:
    """Read and decode a file; every InputError names the file."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"file too large ({size:,} bytes; the limit is {max_bytes:,})")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
        return decode_bytes(data, max_bytes=max_bytes, warnings=warnings)
    except InputError as exc:
        raise InputError(f"{os.fspath(path)}: {exc}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{os.fspath(path)}: is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(f"{os.fspath(path)}: cannot read ({exc.strerror or exc})") from exc

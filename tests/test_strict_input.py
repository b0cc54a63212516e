"""Strict input (issue 13, rows 6-12): bad files and rows get a clear error naming the file, row and
problem; the good rows around them are imported."""

import csv
import json

import pytest

from articles.models import Article, Outlet

from .test_import import lines

pytestmark = pytest.mark.django_db

BODY = "নদীর ধারে নতুন একটি স্কুল খুলেছে। গ্রামের শিশুরা সেখানে পড়তে যাচ্ছে।"


def rows(n, tag):
    return [
        {
            "title": f"স্কুলের খবর {tag} {i}",
            "body": f"{BODY} এটি {tag} সংখ্যার {i} নম্বর খবর।",
            "outlet": "Samakal",
        }
        for i in range(n)
    ]


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_deeply_nested_json_is_refused_and_the_files_around_it_are_imported(run_import, tmp_path):
    write_json(tmp_path / "a_good.json", rows(5, "প্রথম"))
    (tmp_path / "b_deep.json").write_text("[" * 100_000, encoding="utf-8")
    write_json(tmp_path / "c_later.json", rows(2, "শেষ"))
    before = Article.objects.count()
    status, out, _err = run_import(tmp_path)
    assert status == 1
    assert f"failed: {tmp_path / 'b_deep.json'}: JSON nested too deeply" in out
    assert "7 created" in out
    assert Article.objects.count() == before + 7


def test_a_deep_value_inside_a_row_is_refused_for_that_row(run_import, tmp_path):
    deep = rows(2, "গভীর")
    nested = "খবর"
    for _ in range(50):
        nested = [nested]
    deep[1]["body"] = nested
    status, out, _err = run_import("--dry-run", write_json(tmp_path / "deep.json", deep))
    assert status == 1
    assert "nested too deeply" in out and "1 created" in out


def test_a_huge_csv_field_is_reported_with_its_row_and_later_rows_are_read(run_import, tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "body", "outlet"])
        writer.writerow(["প্রথম খবর", BODY, "Samakal"])
        writer.writerow(["বড় খবর", "ক" * 140_000, "Samakal"])
        writer.writerow(["তৃতীয় খবর", BODY + " আরও একটি বাক্য।", "Samakal"])
    status, out, _err = run_import(path)
    assert status == 1
    assert f"failed: {path}#3: column 'body' is 140,000 characters; the limit is 131,072" in out
    assert "2 created" in out
    assert Article.objects.filter(title="তৃতীয় খবর").exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("body", 3.14159, "the body field ('body') holds the number 3.14159, not text"),
        ("body", True, "the body field ('body') holds true, not text"),
        ("title", 12345, "the title field ('title') holds the number 12345, not text"),
        ("outlet", ["x", "y"], "the outlet field ('outlet') holds a list; one value is expected"),
        ("body", "3.14159", "the body has no words"),
    ],
)
def test_field_types_are_checked_per_row(run_import, tmp_path, field, value, message):
    data = rows(2, "ধরন")
    data[1][field] = value
    status, out, _err = run_import(write_json(tmp_path / "types.json", data))
    assert status == 1
    assert f"failed: {tmp_path / 'types.json'}#2: {message}" in out
    assert "1 created" in out
    assert not Outlet.objects.filter(name_en__startswith="[").exists()


@pytest.mark.parametrize(
    "field, size, limit",
    [("outlet", 5000, 200), ("title", 600, 500), ("byline", 301, 300), ("url", 1001, 1000)],
)
def test_field_sizes_are_limited_with_a_clear_message(run_import, tmp_path, field, size, limit):
    data = rows(2, "মাপ")
    data[1][field] = "https://example.com/" + "a" * (size - 20) if field == "url" else "ক" * size
    status, out, _err = run_import(write_json(tmp_path / "sizes.json", data))
    assert status == 1
    assert f"#2: the {field} is {size:,} characters long; the limit is {limit:,}" in out
    assert not Outlet.objects.filter(name_en="ক" * 5000).exists()


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_western_encodings_keep_their_letters_and_warn(run_import, tmp_path, encoding):
    text = (
        "title,body,outlet\n"
        "A naïve café owner,The naïve café owner in Dhaka opened a second shop. Customers came early.,"
        "The Daily Star\n"
    )
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    status, out, _err = run_import("--dry-run", "--json", path)
    record = lines(out)[0]
    assert record["title"] == "A naïve café owner"
    assert "naïve café owner in Dhaka" in record["body"]
    assert any("not UTF-8" in w and "guess" in w for w in record["warnings"])


def test_one_mojibake_row_among_good_rows_is_repaired_and_reported(run_import, tmp_path):
    data = rows(3, "মিশ্র")
    good_title = data[1]["title"]
    data[1]["title"] = good_title.encode("utf-8").decode("latin-1")
    data[1]["body"] = data[1]["body"].encode("utf-8").decode("latin-1")
    status, out, _err = run_import("--dry-run", "--json", write_json(tmp_path / "mixed.json", data))
    assert status == 0
    record = lines(out)[1]
    assert record["title"] == good_title
    assert record["body"].startswith("নদীর ধারে")
    assert any("repaired mojibake" in w for w in record["warnings"])


def test_control_characters_are_stripped_from_titles_and_bodies(run_import, tmp_path):
    data = rows(1, "নিয়ন্ত্রণ")
    data[0]["title"] = "স্কুলের\u0000 খবর\u001b[31m\u0007 \u202eউল্টো"
    data[0]["body"] = "\u202e" + BODY + "\u0007"
    status, out, _err = run_import(write_json(tmp_path / "controls.json", data))
    assert status == 0
    article = Article.objects.get(import_source__endswith="controls.json#1")
    assert article.title == "স্কুলের খবর[31m উল্টো"
    assert article.body == BODY


def test_a_format_that_does_not_match_the_file_is_refused(run_import, tmp_path):
    path = write_json(tmp_path / "dump.json", rows(2, "ভুল"))
    status, out, _err = run_import("--format", "csv", path)
    assert status == 1
    assert f"failed: {path}: --format csv, but the file looks like JSON" in out
    text = tmp_path / "page.txt"
    text.write_text("শিরোনাম\n\n" + BODY, encoding="utf-8")
    status, out, _err = run_import("--format", "json", text)
    assert status == 1
    assert f"failed: {text}: --format json, but the file does not start with [ or {{" in out

"""The chrome learner (pure Python): recurring foreign lines are found, genuine repeats are left."""

from articles.ingest import learned_chrome
from articles.ingest.learned_chrome import apply, learn, normalise
from tests.chrome_fixtures import CHROME_APP, CHROME_FOLLOW, RETOLD, SHARED_SENTENCE, bodies


def found():
    return {f.key: f for f in learn(bodies())}


def test_lines_in_many_articles_are_found_as_drop_rules():
    findings = found()
    app = findings[normalise(CHROME_APP)]
    assert app.status == "drop" and app.articles == 8
    assert findings[normalise(CHROME_FOLLOW)].articles == 6
    assert set(app.examples) <= set(bodies()) and len(app.examples) == 5


def test_rare_and_retold_sentences_are_left():
    findings = found()
    assert normalise(SHARED_SENTENCE) not in findings  # two articles only
    assert normalise(RETOLD) not in findings  # three reports of one event: the story's own sentence
    assert set(findings) == {normalise(CHROME_APP), normalise(CHROME_FOLLOW)}


def test_weaker_evidence_is_only_proposed(monkeypatch):
    monkeypatch.setattr(learned_chrome, "DROP_ARTICLES", 7)
    findings = found()
    assert findings[normalise(CHROME_APP)].status == "drop"
    assert findings[normalise(CHROME_FOLLOW)].status == "proposed"


def test_decided_keys_are_not_found_again():
    findings = {f.key for f in learn(bodies(), exclude={normalise(CHROME_APP)})}
    assert findings == {normalise(CHROME_FOLLOW)}


def test_too_few_articles_teach_nothing():
    assert learn(dict(list(bodies().items())[:2])) == []


def test_normalise_ignores_case_punctuation_and_numbers():
    assert normalise("© 2025 Notun  Khobor, সর্বস্বত্ব।") == normalise("© ২০২৬ notun khobor — সর্বস্বত্ব")
    assert normalise("ঢাকা ১২") != normalise("ঢাকা")


def test_apply_removes_lines_and_sentences_and_counts_them():
    long_line = "প্রথম বাক্যটি এখানে একটু লম্বা করে লেখা হলো যাতে লাইনটি দুইশো অক্ষর পেরিয়ে যায়। " * 3
    body = f"শুরুর অনুচ্ছেদ।\n\n{CHROME_APP}\n\n{long_line}{CHROME_FOLLOW}।\n\nশেষ অনুচ্ছেদ।"
    keys = {normalise(CHROME_APP), normalise(CHROME_FOLLOW)}
    cleaned, removed = apply(body, keys)
    assert removed == 2
    assert "ঝলমলশব্দ" not in cleaned and "ফেসবুক" not in cleaned
    assert cleaned.startswith("শুরুর অনুচ্ছেদ।\n\nপ্রথম বাক্যটি") and cleaned.endswith("\n\nশেষ অনুচ্ছেদ।")
    assert cleaned.count("প্রথম বাক্যটি") == 3


def test_apply_without_matching_rules_leaves_the_body_as_it_was():
    body = "একটি অনুচ্ছেদ।\n\nআরেকটি   অনুচ্ছেদ।"
    assert apply(body, {normalise(CHROME_APP)}) == (body, 0)
    assert apply(body, set()) == (body, 0)

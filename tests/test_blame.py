"""The coach keeps blame off the child however it is said, and leaves praise alone."""
import pytest

from storyboard import coach

from .conftest import storyboard_cli

BLAME_NL = [
    "Het was de schuld van Noor dat papa wegging.",
    "Omdat Noor het aan de juf vertelde, kwam de politie.",
    "Door Noor moest mama naar het ziekenhuis.",
    "Mama moest door Noor naar het ziekenhuis.",
    "Door wat Noor zei, ging papa weg.",
    "Als Noor braaf was geweest, was papa gebleven.",
    "Noor vertelde het aan de juf. Daarom kwam de politie.",
    "Het was Noor haar schuld.",
    "Het was Noors fout.",
    "Noor had de schuld.",
    "Noor was stout.",
    "Noor was brutaal tegen de juf.",
    "Noor was ondeugend, dus papa werd boos.",
    "Het was haar schuld.",
    "Het is jouw schuld.",
    "Omdat jij stout was, ging papa weg.",
]
BLAME_EN = [
    "It was Sam's fault.",
    "It was Sam's fault that Dad left.",
    "Because Sam told the teacher, the police came.",
    "Because of Sam, Mum had to go to hospital.",
    "Because of what Sam said, Dad left.",
    "If Sam had been good, Dad would have stayed.",
    "Sam told the teacher. So the police came.",
    "Sam was to blame.",
    "Sam was naughty.",
    "Sam was rude to Mum.",
    "It was his fault.",
    "It was your fault.",
]
FINE_NL = [
    "Het was niet de schuld van Noor.",
    "Het was de schuld van Noor niet.",
    "Het is nooit de schuld van een kind.",
    "Noor deed het goed toen ze het vertelde.",
    "Omdat Noor het vertelde, kon de juf helpen.",
    "Noor vertelde het aan de juf. Dat was dapper.",
    "Noor vertelde het aan de juf. Daarom kon de juf helpen.",
    "De tekening werd door Noor gemaakt.",
    "De politie kwam omdat papa mama sloeg.",
    "Noor tekende een huis met een rode deur.",
    "Het is niet jouw schuld.",
]
FINE_EN = [
    "It was not Sam's fault.",
    "It wasn't Sam's fault.",
    "It is never a child's fault.",
    "Sam was brave when she told the teacher.",
    "Because Sam told the teacher, the grown-ups could help.",
    "The police came because Dad hit Mum.",
    "The drawing was made by Sam.",
]


def kinds(text, lang, child):
    result = coach.check_text(text, lang, 6, names=[child], child=child)
    return [(issue["kind"], issue["text"]) for issue in result["issues"]]


@pytest.mark.parametrize("text", BLAME_NL)
def test_blame_on_the_child_is_caught_in_dutch(text):
    assert "blame" in [k for k, _ in kinds(text, "nl", "Noor")], text


@pytest.mark.parametrize("text", BLAME_EN)
def test_blame_on_the_child_is_caught_in_english(text):
    assert "blame" in [k for k, _ in kinds(text, "en", "Sam")], text


@pytest.mark.parametrize("text", FINE_NL)
def test_negations_and_praise_stay_unflagged_in_dutch(text):
    assert [k for k, _ in kinds(text, "nl", "Noor") if k in ("blame", "label")] == [], text


@pytest.mark.parametrize("text", FINE_EN)
def test_negations_and_praise_stay_unflagged_in_english(text):
    assert [k for k, _ in kinds(text, "en", "Sam") if k in ("blame", "label")] == [], text


def test_stout_about_a_grown_up_gets_another_message_than_about_the_child():
    child = coach.check_text("Noor was stout.", "nl", 6, child="Noor")["issues"][0]
    grown = coach.check_text("Papa was stout tegen mama.", "nl", 6, child="Noor")["issues"]
    grown = [i for i in grown if i["text"] == "stout"][0]
    assert child["kind"] == "blame" and "Noor" in child["message"]
    assert grown["kind"] == "label" and "Papa" in grown["message"]
    assert "Noor" not in grown["message"] and grown["message"] != child["message"]


def test_the_issue_text_is_exact_and_the_advice_names_the_child():
    text = "Omdat Noor het aan de juf vertelde, kwam de politie."
    issue = [i for i in coach.check_text(text, "nl", 6, child="Noor")["issues"]
             if i["kind"] == "blame"][0]
    assert text[issue["spans"][0][0]:issue["spans"][0][1]] == issue["text"] == "Omdat Noor"
    assert "Noor" in issue["suggestion"] and "nooit" not in issue["text"]


def test_without_a_name_the_child_is_found_as_het_kind():
    assert "blame" in [k for k, _ in kinds("Het was de schuld van het kind.", "nl", None)]


def test_check_text_takes_the_childs_name():
    import json
    out = json.loads(storyboard_cli("check-text", "--lang", "nl", "--child", "Noor",
                                    "Door Noor moest mama naar het ziekenhuis.").stdout)
    assert [i["kind"] for i in out["issues"]] == ["blame"]
    assert set(out["issues"][0]) >= {"kind", "text", "message", "suggestion"}


@pytest.mark.parametrize("text, lang", [("Er was partnergeweld.", "nl"),
                                        ("There was domestic violence.", "en"),
                                        ("Het was de schuld van Noor.", "nl")])
def test_advice_is_marked_so_the_editor_never_pastes_it_over_the_words(text, lang):
    issue = [i for i in coach.check_text(text, lang, 6, child="Noor")["issues"]
             if i["kind"] in ("jargon", "blame")][0]
    assert issue["advice"] is True
    assert "elkaar" not in issue["suggestion"] and "each other" not in issue["suggestion"]


def test_plain_child_words_stay_a_replacement():
    issue = coach.check_text("Lotte gaat naar de jeugdrechter.", "nl", 6)["issues"][0]
    assert issue["advice"] is False and issue["suggestion"].startswith("de rechter")

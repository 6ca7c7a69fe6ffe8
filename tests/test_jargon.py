"""The coach's dictionaries (storyboard/coach/data/jargon_*.json, abstract_*.json): the words a
Flemish (or UK/Irish) worker writes every day are flagged, and every suggestion is one a
practitioner who knows Words and Pictures would give: plain, calm, correct, never sharing
out the blame for violence and never labelling the child."""
import json
import re
from importlib import resources

import pytest

from storyboard import coach

DATA = resources.files("storyboard.coach").joinpath("data")


def entries(kind, lang):
    """The entries of one dictionary, each with 'key' (its term or word)."""
    name, field, items = {"jargon": ("jargon", "term", "terms"),
                          "abstract": ("abstract", "word", "words")}[kind]
    data = json.loads(DATA.joinpath(f"{name}_{lang}.json").read_text("utf-8"))
    return [dict(e, key=e[field]) for e in data[items]]


def about(kind, lang):
    name = {"jargon": "jargon", "abstract": "abstract"}[kind]
    return json.loads(DATA.joinpath(f"{name}_{lang}.json").read_text("utf-8"))["about"]


def say(lang, key, kind="jargon"):
    [entry] = [e for e in entries(kind, lang) if e["key"] == key]
    return entry["say"]


def all_says(lang):
    return [(kind, e["key"], e["say"]) for kind in ("jargon", "abstract")
            for e in entries(kind, lang)]


def flagged(text, lang, kind="jargon", age=6):
    return [i for i in coach.check_text(text, lang, age=age)["issues"] if i["kind"] == kind]


def words(text):
    return re.findall(r"\w+", text.lower())


# -- new terms ----------------------------------------------------------------------

NEW_NL = [
    # asked for by name
    "geplaatst", "melding", "gemeld", "contactmoment", "bezoekrecht",
    # Flemish OCJ/SDJ, pleegzorg, CAW, CLB, politie and justice practice
    "herplaatsing", "vluchthuis", "onderzoeksrechter", "correctionele rechtbank", "hoorrecht",
    "gemeenschapsinstelling", "verhoorstudio", "videoverhoor", "audiovisueel verhoor",
    "proces-verbaal", "pv", "klacht neerleggen", "aangifte doen", "slachtofferhulp",
    "wijkagent", "huisverbod", "contactverbod", "straatverbod", "detentie",
    "gevangenisstraf", "veroordeling", "vrijlating onder voorwaarden", "elektronisch toezicht",
    "enkelband", "justitiehuis", "justitieassistent", "forensisch psychiatrisch centrum",
    "draaglast", "verblijfsregeling", "kinderpsychiater", "getraumatiseerd", "traumatisch",
    "fysiek geweld", "psychisch geweld", "geweldpleging", "slagen en verwondingen",
    "zedenfeiten", "grensoverschrijdend gedrag", "slachtoffer", "dader", "getuige",
    "SDJ", "Agentschap Opgroeien", "toegangspoort", "leefgroepbegeleider",
    "vertrouwenspersoon", "jeugdhulpaanbieder", "hulpvraag", "handelingsplan",
    "thuisbegeleider", "maatschappelijk werker", "crisismeldpunt", "familienetwerkberaad",
    "vechtscheiding", "zorgcoördinator", "leefloon", "schuldbemiddeling", "bewindvoerder",
    "thuisloos", "uithuiszetting", "KOPP", "omgangsrecht", "recht op persoonlijk contact",
    "IFG", "probleemgedrag",
]

NEW_EN = [
    "LAC review", "PEP", "personal education plan", "section 20", "section 47",
    "section 47 enquiry", "MASH", "referral", "contact session", "kinship", "kinship carer",
    "CIN", "CIN plan", "CP plan", "CP conference", "independent reviewing officer",
    "police protection", "designated safeguarding lead", "team around the child",
    "family group conference", "PLO", "contact supervisor", "placement order",
    "prohibited steps order", "occupation order", "children's hearing", "secure unit",
    "ABE interview", "witness statement", "witnessed", "on bail", "convicted",
    "prison sentence", "on licence", "probation", "coercive control", "child abuse",
    "abuse", "assault", "aggression", "victim", "MARAC", "IDVA", "refuge", "CAMHS",
    "family support worker", "SENCO", "attachment disorder", "challenging behaviour",
    "behavioural difficulties", "developmental delay", "genogram", "traumatised",
    "traumatic", "voluntary care", "Tusla", "LAC",
]


@pytest.mark.parametrize("lang, term", [("nl", t) for t in NEW_NL] + [("en", t) for t in NEW_EN])
def test_every_new_term_is_flagged_with_its_child_wording(lang, term):
    entry = [e for e in entries("jargon", lang) if term == e["key"] or term in e.get("also", ())]
    assert len(entry) == 1, term
    found = flagged(term, lang)
    assert [i["text"] for i in found] == [term]
    assert found[0]["suggestion"] == entry[0]["say"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_form_of_every_entry_is_found_with_its_own_suggestion(lang):
    """No form is shadowed by another entry's form, and each is flagged inside a sentence."""
    frame = "Dit is {} hier." if lang == "nl" else "This is {} here."
    for entry in entries("jargon", lang):
        for form in [entry["key"]] + entry.get("also", []):
            found = flagged(frame.format(form), lang)
            assert [(i["text"], i["suggestion"]) for i in found] == [(form, entry["say"])], form


def test_the_forms_named_in_the_issue_are_jargon_in_a_real_caption():
    assert [i["text"] for i in flagged("Lotte werd geplaatst bij oma Rita.", "nl")] == [
        "geplaatst"]
    assert [i["text"] for i in flagged("De juf heeft het gemeld.", "nl")] == ["gemeld"]
    assert [i["text"] for i in flagged("Er kwam een melding bij het OCJ.", "nl")] == [
        "melding", "OCJ"]
    assert [i["text"] for i in flagged("Op woensdag is er een contactmoment.", "nl")] == [
        "contactmoment"]
    assert [i["text"] for i in flagged("Papa heeft bezoekrecht.", "nl")] == ["bezoekrecht"]
    # plaatsen in its everyday sense stays alone: only the clear jargon forms are listed
    assert flagged("Oma gaat de foto op de kast plaatsen.", "nl") == []
    assert [i["text"] for i in flagged("Mia has a LAC review and a new PEP.", "en")] == [
        "LAC review", "PEP"]
    assert [i["text"] for i in flagged("Mia is under section 20.", "en")] == ["section 20"]


# -- violence: name who hurt whom ----------------------------------------------------

VIOLENCE_NL = [
    ("jargon", "intrafamiliaal geweld"), ("jargon", "huiselijk geweld"),
    ("jargon", "partnergeweld"), ("jargon", "fysiek geweld"), ("jargon", "psychisch geweld"),
    ("jargon", "geweldpleging"), ("jargon", "kindermishandeling"), ("jargon", "mishandeling"),
    ("jargon", "agressie"), ("jargon", "slachtoffer"), ("jargon", "dader"),
    ("jargon", "seksueel misbruik"), ("jargon", "zedenfeiten"),
    ("jargon", "grensoverschrijdend gedrag"), ("jargon", "misbruik"), ("abstract", "geweld"),
]
VIOLENCE_EN = [
    ("jargon", "domestic abuse"), ("jargon", "coercive control"), ("jargon", "emotional abuse"),
    ("jargon", "physical abuse"), ("jargon", "child abuse"), ("jargon", "sexual abuse"),
    ("jargon", "abuse"), ("jargon", "assault"), ("jargon", "aggression"),
    ("jargon", "perpetrator"), ("jargon", "victim"), ("jargon", "significant harm"),
    ("abstract", "violence"),
]


@pytest.mark.parametrize("lang, kind, key", [("nl", k, t) for k, t in VIOLENCE_NL]
                         + [("en", k, t) for k, t in VIOLENCE_EN])
def test_violence_is_never_shared_out_the_suggestion_says_who_did_it(lang, kind, key):
    text = say(lang, key, kind)
    assert "elkaar" not in text.lower() and "each other" not in text.lower()
    assert ("wie" if lang == "nl" else "who") in words(text)
    assert text.startswith("Zeg " if lang == "nl" else "Say ")  # advice, not a replacement
    found = flagged(key, lang, kind=kind)
    assert [(i["text"], i["suggestion"]) for i in found] == [(key, text)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_suggestion_anywhere_says_people_hurt_each_other(lang):
    for _kind, key, text in all_says(lang):
        assert "elkaar" not in text.lower() and "each other" not in text.lower(), key


def test_the_forms_of_violence_all_carry_the_advice():
    for form in ("intrafamiliaal geweld", "intrafamiliale geweld", "huiselijke geweld",
                 "partnergeweld", "slagen en verwondingen", "mishandeld", "agressief",
                 "emotionele mishandeling", "seksueel misbruikt", "aanranding"):
        [issue] = flagged(form, "nl")
        assert "wie" in words(issue["suggestion"]), form
    for form in ("domestic violence", "domestic abuse", "abused", "abusive", "assaulted",
                 "sexually abused", "intimate partner violence"):
        [issue] = flagged(form, "en")
        assert "who" in words(issue["suggestion"]), form


def test_the_issue_example_is_the_partner_violence_advice():
    assert say("nl", "partnergeweld").startswith("Zeg wie wie pijn deed")
    assert "‘Papa sloeg mama." in say("nl", "partnergeweld")
    assert say("en", "domestic abuse").startswith("Say who hurt whom")
    assert "‘Dad hit Mum." in say("en", "domestic abuse")


# -- fixed entries keep their new meaning ----------------------------------------------

def test_sociale_dienst_is_not_only_the_courts_service():
    text = say("nl", "sociale dienst")
    assert "hulp" in words(text) and "zoeken" in words(text)
    assert "rechter" not in text
    sdj = say("nl", "sociale dienst jeugdrechtbank")
    assert "rechter" in words(sdj)


def test_advocaat_speaks_for_you_or_your_parents_at_the_judge():
    text = say("nl", "advocaat")
    assert {"spreekt", "rechter", "jou", "ouders"} <= set(words(text))
    assert {"spreekt", "rechter", "jou"} <= set(words(say("nl", "jeugdadvocaat")))
    assert {"speaks", "judge", "parents"} <= set(words(say("en", "barrister")))


def test_jeugdrechter_is_the_judge_for_children_who_decides_which_help_comes():
    text = say("nl", "jeugdrechter")
    assert "rechter voor kinderen" in text and "hulp" in words(text)
    assert "waar kinderen wonen" not in text


def test_verblijfsregeling_is_its_own_entry_about_when_you_live_where():
    regeling = say("nl", "verblijfsregeling")
    assert {"afspraken", "wanneer", "mama", "papa"} <= set(words(regeling))
    assert "tijdje" not in words(regeling)
    co = say("nl", "verblijfsco-ouderschap")
    assert "om de beurt" in co and "tijdje" not in words(co)
    assert regeling != co
    assert flagged("De verblijfsregeling verandert.", "nl")[0]["suggestion"] == regeling


def test_detentie_has_its_own_calm_entry():
    [issue] = flagged("Papa is in detentie.", "nl")
    assert issue["text"] == "detentie"
    assert "gevangenis" in words(issue["suggestion"])
    assert "nadenkt" not in issue["suggestion"]
    assert issue["suggestion"] != say("nl", "voorlopige hechtenis")
    hechtenis = say("nl", "voorlopige hechtenis")
    assert "gevangenis" in words(hechtenis) and "beslist" in words(hechtenis)


def test_draaglast_and_draagkracht_are_not_the_same():
    kracht, last = say("nl", "draagkracht"), say("nl", "draaglast")
    assert kracht != last
    assert "aankan" in words(kracht)
    assert "zwaar" in words(last) and "aankan" not in words(last)
    assert flagged("De draaglast is groot.", "nl")[0]["suggestion"] == last


def test_labels_on_the_child_become_what_happens():
    text = say("nl", "gedragsproblemen")
    assert text.startswith("Zeg wat er gebeurt") and "‘Amir wordt soms heel boos.’" in text
    assert flagged("Amir heeft een gedragsstoornis.", "nl")[0]["suggestion"] == text
    assert say("nl", "hechtingsproblemen").startswith("Zeg wat er gebeurt")
    assert say("nl", "ontwikkelingsachterstand").startswith("Zeg wat")
    assert say("en", "behavioural difficulties").startswith("Say what happens")
    assert flagged("Mia shows challenging behaviour.", "en")[0]["suggestion"] == say(
        "en", "behavioural difficulties")
    assert say("en", "attachment disorder").startswith("Say what happens")


def test_trauma_does_not_sound_permanent():
    for lang, key, help_word in (("nl", "trauma", "hulp"), ("nl", "getraumatiseerd", "hulp"),
                                 ("en", "trauma", "help"), ("en", "traumatised", "help")):
        text = say(lang, key)
        assert help_word in words(text), key
        assert "vergeten" not in words(text) and "forget" not in words(text), key


def test_verslaafd_is_correct_dutch():
    assert say("nl", "verslaafd").endswith("ook al word je er ziek van")


def test_consulent_names_the_worker():
    text = say("nl", "consulent")
    assert "naam" in words(text) and "hulpverlener" in words(text)
    assert "consulent" not in text.lower()


def test_alcohol_is_called_alcohol():
    """A child hears 'drank' as lemonade and 'drinking' as juice (see the demo story)."""
    for _kind, key, text in all_says("nl"):
        assert "drank" not in words(text), key
    for key in ("verslaving", "alcoholmisbruik", "hervallen", "afkicken"):
        assert "alcohol" in words(say("nl", key)), key
    for key in ("alcohol misuse", "alcoholic", "relapse"):
        assert "alcohol" in words(say("en", key)), key


# -- the house style of every suggestion ---------------------------------------------------

def test_flemish_spelling_in_every_dutch_suggestion():
    for _kind, key, text in all_says("nl"):
        lower = text.lower()
        assert not re.search(r"(?<!ge)makkelijk", lower), key
        assert "plek" not in lower, key
        assert "consulent" not in lower, key


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_advice_starts_with_say_and_replacements_bring_no_new_jargon(lang):
    """coach.js pastes a suggestion in place of the word. A suggestion that is advice to the
    worker starts with 'Zeg '/'Say ' (and only advice quotes an example); any other
    suggestion is plain words the coach itself has nothing against."""
    advice = "Zeg " if lang == "nl" else "Say "
    for _kind, key, text in all_says(lang):
        if "\u2018" in text and not text.startswith(advice):
            raise AssertionError(f"{key}: an example sentence belongs in advice")
        if text.startswith(advice):
            continue
        issues = [(i["kind"], i["text"]) for i in coach.check_text(text, lang)["issues"]
                  if i["kind"] in ("jargon", "abstract", "hard-word", "blame")]
        assert issues == [], (key, text)


def test_netherlands_terms_are_not_passed_off_as_flemish():
    forms = {f.lower() for e in entries("jargon", "nl") for f in [e["key"]] + e.get("also", [])}
    for term in ("veilig thuis", "gezinsvoogd", "ondertoezichtstelling", "ots",
                 "jeugdbescherming", "kinderrechter"):
        assert term not in forms
    assert "omgangsregeling" in forms
    assert "Nederlandse term" in about("jargon", "nl") and "omgangsregeling" in about("jargon", "nl")


def test_the_about_texts_describe_the_advice_convention():
    assert "Zeg " in about("jargon", "nl") and "elkaar" in about("jargon", "nl")
    assert "Say " in about("jargon", "en") and "each other" in about("jargon", "en")
    assert "Zeg " in about("abstract", "nl") and "Say " in about("abstract", "en")


def test_violence_as_an_abstract_word_only_for_young_children():
    assert [i["text"] for i in flagged("Er was geweld.", "nl", kind="abstract")] == ["geweld"]
    assert flagged("Er was geweld.", "nl", kind="abstract", age=12) == []
    assert [i["text"] for i in flagged("There was violence.", "en", kind="abstract")] == [
        "violence"]
    # the longer jargon phrase wins over the abstract word inside it
    assert flagged("Er was huiselijk geweld.", "nl", kind="abstract") == []

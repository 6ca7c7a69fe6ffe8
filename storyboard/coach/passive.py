"""Passive sentences that hide who did it: "Papa werd door de politie meegenomen"."""
import re

from .messages import message, quote
from .tokens import WORD_RE
from .tokens import key as _key

_NL_AUX = frozenset("werd werden wordt worden word is zijn was waren ben bent".split())
_NL_NOT_PARTICIPLE = frozenset("""
    gezond gemeen geleden gewoon genoeg gebeurd gebeurt geboren gewond gescheiden getrouwd
    ingewikkeld gelukt geschrokken gewend gerust gezellig gehaast geliefd geduldig geheim
    bekend beroemd verliefd verkeerd bezorgd bedroefd verwend verrast verward verlegen beneden
    benieuwd verslaafd verdrietig gelijk geweldig gevaarlijk geschikt geleerd
    geloven gebeuren gebruiken genieten gehoorzamen geraken gebieden getuigen gewennen
    gedogen gelegen uitgeput opgelucht teleurgesteld gefrustreerd geïrriteerd geraakt
    gekwetst geschokt verbaasd ontroerd gestrest verveeld gespannen
    geluid gezicht gewicht gedicht gerecht gevecht gebed geduld gebit gelaat gewest gebied
    gedachten geheimen gebouwen gesprekken geheugen gevangenen geliefden gezinnen geiten
    gebeden getallen gewoonten gevaren gebergten gelden genen
""".split())
_NL_DETERMINERS = frozenset("""
    de het een 'n den der des haar zijn mijn jouw je uw onze ons hun hen dat dit die deze
    veel alle elk elke ieder iedere geen wat welk welke zo'n
""".split())
_NL_INTRANSITIVE = frozenset("""
    gegaan gekomen gelopen gewandeld gefietst gereden gevallen gerend gevlogen gezwommen
    gebleven geweest geworden gestorven gereisd gesprongen gekropen gestopt gegroeid
    gestruikeld gebotst gevlucht verhuisd vertrokken verdwenen ontsnapt begonnen opgegroeid
    weggegaan teruggekomen thuisgekomen binnengekomen opgestaan ingeslapen meegegaan
    aangekomen overleden verdronken gezakt gestegen gegleden geglipt gerold veranderd
    verbeterd verslechterd genezen geslaagd verongelukt afgevallen bijgekomen hersteld
""".split())
_NL_STRONG_PREFIXED = frozenset("""
    besproken verboden vergeten ontnomen bedrogen verslagen verloren beschreven bevolen
    verscholen ontvangen bevonden benomen bestolen vervangen ontslagen bedreven verstoten
""".split())
_NL_GE = re.compile(r"^[^\W\d_]{0,8}ge[^\W\d_]{2,}(?:d|t|en)$")
_NL_INSEP = re.compile(r"^(?:be|ver|ont|her|er|over|onder|mis)[^\W\d_]{2,}[dt]$")

_EN_AUX = frozenset("am is are was were be been being get gets got gotten".split())
_EN_IRREGULAR = frozenset("""
    taken given seen told brought bought caught found hit hurt kept left made put sent shown
    thought heard held known beaten bitten chosen driven eaten forgotten forbidden hidden
    stolen written done born shaken broken spoken woken sold paid met led fed read said built
    taught won drunk hung struck stuck shot bound thrown drawn fallen torn worn sworn grown
    blown flown ridden shut set cut let spent lent bent lost felt dealt meant understood
    overheard overtaken mistaken forgiven hurt
""".split())
_EN_NOT_PARTICIPLE = frozenset("""
    tired scared worried excited bored interested surprised pleased frightened upset amazed
    annoyed confused disappointed embarrassed delighted thrilled terrified ashamed relieved
    need indeed hundred sacred naked wicked crooked beloved red bed shed seed feed speed
    used supposed married
""".split())
_EN_TIME_AFTER_BY = frozenset("""
    then now bedtime lunchtime teatime tomorrow tonight morning night noon midnight monday
    tuesday wednesday thursday friday saturday sunday evening afternoon christmas
""".split())

_STOP_AGENT = {"nl": frozenset("naar met in op bij uit van voor aan om over tot na en want "
                               "omdat toen dan maar".split()),
               "en": frozenset("to at in on with from for after into and because when then "
                               "but".split())}


def find(text, start, end, lang):
    """Return a suggestion (str) when the sentence text[start:end] is passive, else False."""
    for clause in re.split(r"[,;:()\u2013\u2014]", text[start:end]):
        originals = WORD_RE.findall(clause)
        words = [_key(t) for t in originals]
        hint = _dutch(originals, words) if lang == "nl" else _english(originals, words)
        if hint is not False:
            return hint
    return False


def _dutch(originals, words):
    """Find "werd ... door ... <participle>" in one clause."""
    for i, w in enumerate(words):
        if w not in _NL_AUX or "door" not in words[i + 1:]:
            continue
        j = words.index("door", i + 1)
        candidates = [k for k in range(i + 1, min(len(words), j + 7))
                      if k != j and _nl_participle(words[k])
                      and words[k - 1] not in _NL_DETERMINERS]
        if candidates:
            return _agent_hint(originals, words, j + 1, candidates, "nl")
    return False


def _english(originals, words):
    """Find "was <participle> by ..." in one clause, but not "by bedtime"."""
    for i, w in enumerate(words):
        if w not in _EN_AUX:
            continue
        for k in (i + 1, i + 2):
            if k < len(words) and _en_participle(words[k]):
                if "by" not in words[k + 1:k + 6]:
                    continue
                j = words.index("by", k + 1)
                if j + 1 < len(words) and (words[j + 1] in _EN_TIME_AFTER_BY or
                                           words[j + 1:j + 3] == ["the", "time"]):
                    continue
                return _agent_hint(originals, words, j + 1, (), "en")
    return False


def _nl_participle(w):
    """Tell whether a Dutch word is a past participle that can be done to someone."""
    if w in _NL_NOT_PARTICIPLE or w in _NL_INTRANSITIVE:
        return False
    return bool(_NL_GE.match(w) or _NL_INSEP.match(w) or w in _NL_STRONG_PREFIXED)


def _en_participle(w):
    """Tell whether an English word is a past participle (not "tired", "scared")."""
    if w in _EN_NOT_PARTICIPLE:
        return False
    return w in _EN_IRREGULAR or (len(w) >= 5 and w.endswith("ed"))


def _agent_hint(originals, words, start, verbs, lang):
    """Suggest starting with who did it: the words after door/by, up to four."""
    agent = []
    for k in range(start, min(len(words), start + 4)):
        if k in verbs or words[k] in _STOP_AGENT[lang]:
            break
        agent.append(originals[k])
    if not agent:
        return message("passive-none", lang)
    phrase = " ".join(agent)
    phrase = phrase[0].upper() + phrase[1:]
    return message("passive-agent", lang, w=quote(phrase + " \u2026"))

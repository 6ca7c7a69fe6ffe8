"""What the coach says, in the story's language.

The English here is the source (the msgid); the Dutch is in
translations/nl/LC_MESSAGES/messages.po. Fields in braces are filled in with
str.format: {w} the quoted words, {age} the child's age, {child} the child's name.
"""
from ..catalogue import N_, gettext

MESSAGES = {
    "jargon": N_("{w} is a word for grown-ups. A child of {age} understands this better:"),
    "jargon-phrase": N_("{w} is grown-up language. A child of {age} understands this better:"),
    "hard-word": N_("{w} is a hard word for a child of {age}. Choose a simpler word."),
    "abstract": N_("{w} is an abstract word: a child of {age} cannot picture it. Say what "
                   "really happens, for example:"),
    "blame": N_("{w} could make the child feel it was their fault."),
    "long-sentence": N_("This sentence has {n} words. For a child of {age}, keep sentences to "
                        "{max} words or fewer. Make it two sentences."),
    "long-caption": N_("This panel has a lot of text: {n} words in {s} sentences. For a child "
                       "of {age}, {max} words and {smax} sentences are enough. Spread the text "
                       "over two panels."),
    "passive": N_("This sentence does not say first who did it. A child follows better when "
                  "you say who did what."),
    "passive-agent": N_("Say who did what: {w}"),
    "passive-none": N_("Say who did what, for example: \u2018The police took Dad \u2026\u2019"),
    # How hard the text is to read, for the level beside the score.
    "easy": N_("easy for age {age}"),
    "a-bit-hard": N_("a bit hard for age {age}"),
    "hard": N_("hard for age {age}"),
    # Blame on the child (blame.py); "child" names them when their name is not known.
    "child": N_("the child"),
    "fault": N_("{w} says {child} is to blame. It is never a child's fault."),
    "fault-say": N_("Say what the grown-ups did, and add: ‘It was not {child}'s fault.’"),
    "cause": N_("{w} makes {child} the cause of what happened. A child then thinks it was "
                "their fault."),
    "cause-say": N_("Tell it in separate sentences, without ‘because’: ‘{child} told the "
                    "teacher. That was good. Then the police came.’"),
    "if": N_("{w} says things would have gone otherwise if {child} had acted differently. "
             "A child then thinks it was their fault."),
    "if-say": N_("Say what the grown-ups did. It is never a child's fault."),
    "label": N_("{w} puts a label on {child}. A child hears: I am bad."),
    "label-say": N_("Say what happened, without a label: ‘{child} was angry and shouted.’ "
                    "It is never a child's fault."),
    "grown-up": N_("{w} is a child's word for what {who} did. Just say what happened."),
    "grown-up-say": N_("Say what {who} did, for example: ‘{Who} shouted and threw a plate.’"),
    "possessive": N_("{w} could sound as if someone, perhaps the child, is to blame."),
    "possessive-say": N_("Say what the grown-ups did. It is never a child's fault."),
}


def message(name, lang, **fields):
    """Return one message in the story's language, its fields filled in."""
    return gettext(MESSAGES[name], lang).format(**fields)


def quote(text):
    """Return the text between the single quotes the messages use."""
    return f"\u2018{text}\u2019"

"""What a child of each age can take: the limits per age band."""
MIN_AGE, MAX_AGE, DEFAULT_AGE = 3, 14, 6

# Zipf frequency (log10 of uses per billion words) a word needs to pass as "known".
# 3.0 = once per million words: child words such as schommel, glijbaan, zandbak,
# juf, knuffel (3.2-4.0) pass; jeugdrechter (2.2), verontrusting (2.3) do not.
# Older children know rarer words, so the bar drops with age.
HARD_WORD_ZIPF = ((6, 3.0), (9, 2.6), (MAX_AGE, 2.2))
# Longest sentence (in words) and most text per panel, per age band.
SENTENCE_WORDS = ((6, 8), (9, 12), (MAX_AGE, 15))
CAPTION_WORDS = ((6, 25), (9, 35), (MAX_AGE, 45))
CAPTION_SENTENCES = ((6, 3), (9, 4), (MAX_AGE, 5))
ABSTRACT_MAX_AGE = 9
# Readability below which a text is "a bit hard" / "hard", per age band.
LEVEL_BANDS = ((6, 60.0, 45.0), (9, 50.0, 35.0), (MAX_AGE, 40.0, 25.0))


def clamp_age(age):
    """Return the age as a whole number within the bands (the default when it is none)."""
    try:
        age = int(age)
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_AGE
    return max(MIN_AGE, min(MAX_AGE, age))


def band(table, age):
    """Return the value(s) of the first age band that holds `age`."""
    for upto, *values in table:
        if age <= upto or upto == table[-1][0]:
            return values[0] if len(values) == 1 else tuple(values)

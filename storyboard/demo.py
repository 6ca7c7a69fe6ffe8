"""The demo worker and the demo story (Lotte, 6), written for a young child."""
import json
import secrets

from . import cast, panels, stories, workers

EMAIL = "demo@example.org"
TITLE = "Het verhaal van Lotte"

def _scene(*items, place=None, strokes=()):
    """Return a demo scene: items (tuples or placed people) on an optional place, pen strokes."""
    return {"place": place, "bubbles": [], "strokes": list(strokes), "items": [
        item if isinstance(item, dict) else
        {"id": item[0], "x": item[1], "y": item[2], "scale": item[3], "label": item[4]}
        for item in items]}


def _at(member, x, y, scale, pose="standing", feeling=None, flip=False):
    """Return one of the story's people, placed on a page in a pose with a feeling."""
    return {"cast": member, "x": x, "y": y, "scale": scale, "pose": pose, "feeling": feeling,
            "flip": flip}


# The people of Lotte's story, made once: every page shows them the same way.
CAST = [
    {"name": "Lotte", "figure": "child", "parts": ["hair-long"]},
    {"name": "Mama", "figure": "adult", "parts": ["hair-bun"]},
    {"name": "Papa", "figure": "adult", "parts": ["hair-short", "beard"]},
    {"name": "Oma Rita", "figure": "adult", "parts": ["hair-curly", "glasses"]},
    {"name": "Juf Els", "figure": "adult", "parts": ["hair-long", "glasses"]},
    {"name": "Ann", "figure": "adult", "parts": ["hair-short"]},
]
LOTTE, MAMA, PAPA, OMA, ELS, ANN = "lotte", "mama", "papa", "oma-rita", "juf-els", "ann"
# Most pages show people doing things in a place the child knows (issue: scenes).
SCENES = {
    0: _scene(_at(LOTTE, 0.45, 0.52, 1.5, "waving", "happy"),
              ("teddy", 0.8, 0.7, 0.8, None), place="garden"),
    1: _scene(_at(MAMA, 0.36, 0.5, 1.3, "reaching", "happy"),
              _at(LOTTE, 0.68, 0.58, 1.2, feeling="happy", flip=True), place="living-room"),
    2: _scene(_at(PAPA, 0.45, 0.5, 1.3, "waving", "happy"), place="street"),
    3: _scene(_at(OMA, 0.32, 0.52, 1.3, feeling="happy"),
              ("dog", 0.72, 0.72, 0.75, "Bruno"), place="house"),
    4: _scene(_at(MAMA, 0.34, 0.5, 1.3, feeling="happy"),
              _at(LOTTE, 0.66, 0.58, 1.2, feeling="happy", flip=True), place="kitchen"),
    5: _scene(_at(LOTTE, 0.4, 0.58, 1.4, "sitting", "happy"),
              ("crayons", 0.8, 0.68, 0.8, None), place="bedroom"),
    6: _scene(_at(ELS, 0.32, 0.52, 1.3, "reaching", "worried"),
              _at(LOTTE, 0.7, 0.62, 1.1, "sitting", "sad", flip=True), place="classroom"),
    7: _scene(_at(ANN, 0.45, 0.55, 1.3, "sitting", "worried"), place="social-work-office"),
    8: _scene(_at(MAMA, 0.33, 0.5, 1.2, "lying", "sad"),
              ("wine-glass", 0.88, 0.76, 0.6, None), place="living-room"),
    9: _scene(_at(LOTTE, 0.5, 0.55, 1.5, "crying"), place="bedroom"),
    10: _scene(("ambulance", 0.5, 0.62, 1.3, None), ("moon-stars", 0.82, 0.18, 0.5, None),
               place="street"),
    11: _scene(_at(ANN, 0.36, 0.5, 1.3, "walking"), _at(LOTTE, 0.62, 0.58, 1.1, "walking"),
               ("suitcase", 0.86, 0.72, 0.6, None), place="street"),
    12: _scene(_at(OMA, 0.22, 0.52, 1.2, "walking", "happy"),
               _at(LOTTE, 0.48, 0.6, 1.0, "walking", "happy"),
               _at(ELS, 0.8, 0.52, 1.2, "waving", "happy", flip=True), place="school"),
    13: _scene(_at(MAMA, 0.4, 0.52, 1.3, "hugging", "happy"),
               _at(LOTTE, 0.6, 0.58, 1.1, feeling="happy", flip=True),
               _at(OMA, 0.85, 0.52, 1.0, feeling="calm", flip=True),
               place="family-visiting-room"),
    14: _scene(_at(MAMA, 0.36, 0.56, 1.3, "sitting", "calm"),
               ("doctor", 0.72, 0.52, 1.2, None), place="doctors-surgery"),
    15: _scene(("judge", 0.5, 0.5, 1.3, None), place="courtroom"),
    # Drawn with the pen: Lotte's questions, as a worker draws them with the family.
    16: _scene(_at(LOTTE, 0.3, 0.55, 1.4, "waving", "happy"),
               strokes=[
                   {"points": [[0.62, 0.3], [0.64, 0.22], [0.7, 0.19], [0.76, 0.22],
                               [0.77, 0.29], [0.72, 0.35], [0.7, 0.42]], "width": 9},
                   {"points": [[0.7, 0.52], [0.701, 0.53]], "width": 11},
                   {"points": [[0.82, 0.44], [0.83, 0.39], [0.87, 0.37], [0.9, 0.4],
                               [0.9, 0.45], [0.87, 0.48], [0.86, 0.53]], "width": 7},
                   {"points": [[0.86, 0.6], [0.861, 0.61]], "width": 9}]),
}

# (section, picture, caption, shared with the network). Written as a Flemish worker would
# write it with Lotte's mama; every caption passes the language coach (tests/test_demo.py).
PANELS = [
    ("title", "girl", "Dit is het verhaal van Lotte. Lotte is zes jaar.", True),
    ("people", "mother", "Lotte woonde bij mama. Mama houdt heel veel van Lotte.", True),
    ("people", "father", "Papa woont in Gent. "
     "Om de twee weken ziet Lotte papa.", True),
    ("people", "grandmother", "Oma Rita heeft een rode voordeur. "
     "Haar hond heet Bruno.", True),
    ("memories", "heart", "Lotte en mama bakken graag pannenkoeken. "
     "Op zondag gaan ze samen naar het park.", True),
    ("memories", "star", "Lotte kan heel goed tekenen. "
     "Ze zingt graag. Ze zorgt goed voor Bruno.", True),
    ("worries", "teacher", "Juf Els zag dat Lotte vaak moe was. "
     "Juf Els maakte zich zorgen over Lotte.", False),
    ("worries", "social-worker", "Ann helpt kinderen en mama's en papa's. "
     "Ann maakte zich zorgen. Wie zorgde voor Lotte als mama dronk?", False),
    ("happened", "bottle", "Mama dronk te veel alcohol. "
     "Alcohol zit in bier en wijn. Mama werd er ziek en moe van.", False),
    ("happened", "face-sad", "Soms kon mama niet goed voor Lotte zorgen. "
     "Dat was niet de schuld van Lotte.", False),
    ("then", "hospital", "Op een avond moest mama naar het ziekenhuis. "
     "Een dokter zorgde daar voor mama.", False),
    ("then", "suitcase", "Ann bracht Lotte die avond naar oma Rita. "
     "Lotte nam haar valies en haar knuffel mee.", True),
    ("safety", "grandmother", "Nu slaapt Lotte bij oma Rita. "
     "Oma brengt Lotte elke dag naar school.", True),
    ("safety", "calendar", "Op woensdag ziet Lotte mama. Oma is er dan ook bij.", True),
    ("safety", "medicine", "Mama krijgt hulp om te stoppen met drinken. "
     "Ze praat elke week met een dokter.", False),
    ("next", "judge", "De rechter luistert naar mama en papa. "
     "Ook oma en Ann vertellen wat ze denken. Dan beslist de rechter waar Lotte woont.", False),
    ("next", "speech-bubble", "Lotte mag altijd vragen stellen. "
     "Aan oma, aan juf Els of aan Ann.", True),
]


def ensure_worker(db, password=None):
    """Create the demo worker if missing; return (worker, the new password or None)."""
    worker = workers.by_email(db, EMAIL)
    if worker:
        if password and not workers.authenticate(db, EMAIL, password):
            workers.set_password(db, worker["id"], password)
        if worker["role"] != "admin":   # the demo shows the admin's pages too
            workers.set_role(db, worker["id"], "admin")
        return workers.by_email(db, EMAIL), password
    password = password or secrets.token_urlsafe(12)
    workers.create(db, EMAIL, "Ann Peeters", password, role="admin")
    return workers.by_email(db, EMAIL), password


def ensure_story(db, worker_id):
    """Create the demo story if the demo worker has none; return its id."""
    for story in stories.list_for_owner(db, worker_id):
        if story["title"] == TITLE:
            return story["id"]
    story_id = stories.create(db, worker_id, {"title": TITLE, "child_name": "Lotte",
                                              "child_age": 6, "language": "nl"})
    version = 1
    for person in CAST:
        _, version = cast.add(db, story_id, version, person, worker_id)
    for index, (section, picture, caption, shared) in enumerate(PANELS):
        fields = {"section": section, "picture": picture, "caption": caption,
                  "shared_with_network": shared}
        if index in SCENES:
            fields["scene"] = json.dumps(SCENES[index])
        _, version = panels.add(db, story_id, version, fields, worker_id,
                                consent_by="parents" if shared else None)
    return story_id

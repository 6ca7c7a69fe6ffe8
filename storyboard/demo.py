"""The demo worker and the demo story (Lotte, 6), written for a young child."""
import json
import secrets

from . import panels, stories, workers

EMAIL = "demo@example.org"
TITLE = "Het verhaal van Lotte"

def _scene(*items, place=None):
    """Return a demo scene: (id, x, y, scale, label) items on an optional place."""
    return {"place": place, "bubbles": [], "items": [
        {"id": i, "x": x, "y": y, "scale": s, "label": label} for i, x, y, s, label in items]}


SCENES = {
    0: _scene(("girl", 0.4, 0.55, 1.4, "Lotte"), ("teddy", 0.7, 0.7, 0.7, None)),
    3: _scene(("grandmother", 0.32, 0.55, 1.3, "Oma Rita"), ("dog", 0.72, 0.72, 0.75, "Bruno"),
              place="house"),
    6: _scene(("teacher", 0.35, 0.55, 1.4, "Juf Els"), ("girl", 0.78, 0.65, 0.9, "Lotte")),
    13: _scene(("grandmother", 0.3, 0.55, 1.3, "Oma"), ("girl", 0.62, 0.62, 0.95, "Lotte"),
               place="school"),
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
        return worker, password
    password = password or secrets.token_urlsafe(12)
    workers.create(db, EMAIL, "Ann Peeters", password)
    return workers.by_email(db, EMAIL), password


def ensure_story(db, worker_id):
    """Create the demo story if the demo worker has none; return its id."""
    for story in stories.list_for_owner(db, worker_id):
        if story["title"] == TITLE:
            return story["id"]
    story_id = stories.create(db, worker_id, {"title": TITLE, "child_name": "Lotte",
                                              "child_age": 6, "language": "nl"})
    version = 1
    for index, (section, picture, caption, shared) in enumerate(PANELS):
        fields = {"section": section, "picture": picture, "caption": caption,
                  "shared_with_network": shared}
        if index in SCENES:
            fields["scene"] = json.dumps(SCENES[index])
        _, version = panels.add(db, story_id, version, fields, worker_id,
                                consent_by="parents" if shared else None)
    return story_id

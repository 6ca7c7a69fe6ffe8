"""Wheel build hook: put the site folders inside the package, with compiled catalogues.

templates/, static/ (css, js, vendor, fonts if any, panels/ with manifest.json and the SVGs)
and translations/ stay at the repository root, where a checkout (`make run`, the tests, an
editable install) uses them as they are. A wheel has no repository root, so this hook
copies the three folders into the wheel as storyboard/_site/templates, …/static and
…/translations, and storyboard.config.resource() looks there first.

The .mo files are compiled here from the .po files (Babel, as `pybabel compile` does),
never copied from the checkout, so a wheel built from a clean clone or an sdist has its
Dutch and never a stale catalogue. Editable installs get none of this: they read the
repository's folders directly.
"""
import shutil
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SITE_FOLDERS = ("templates", "static", "translations")
TARGET = "storyboard/_site"
SKIPPED = {"__pycache__", ".DS_Store", ".mo", ".pyc"}


class SiteFoldersHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        forced = build_data["force_include"]
        for folder in SITE_FOLDERS:
            for path in sorted((root / folder).rglob("*")):
                relative = path.relative_to(root)
                if path.is_file() and not SKIPPED & {*relative.parts, path.suffix}:
                    forced[str(path)] = f"{TARGET}/{relative.as_posix()}"
        self._compiled = Path(tempfile.mkdtemp(prefix="storyboard-mo-"))
        for po in sorted((root / "translations").glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(root).with_suffix(".mo")
            if self._compile(po, self._compiled / relative):
                forced[str(self._compiled / relative)] = f"{TARGET}/{relative.as_posix()}"

    @staticmethod
    def _compile(po, mo):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name, domain=po.stem)
        if catalog.fuzzy:
            return False  # as `pybabel compile`: a catalogue marked fuzzy is not used
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as f:
            write_mo(f, catalog)
        return True

    def finalize(self, version, build_data, artifact_path):
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            shutil.rmtree(compiled, ignore_errors=True)

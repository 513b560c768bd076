"""Golden notes: each example page, served over HTTP and clipped with fixed
options, gives exactly the note pinned in tests/golden/. Regenerate after an
intended change with CLIPPER_UPDATE_GOLDEN=1 and review the diff."""

import os
import re
from pathlib import Path

import pytest
from conftest import SHARED

GOLDEN = Path(__file__).parent / "golden"
SEED = SHARED / "seed" / "000_1b5808831f3b1300.txt"
SEED_AVIS = (
    "Un séminaire avec des praticiens de premier ordre sur la pratique actuelle d'entraînement et "
    "conception des LLM. Les slides et les enregistrements youtube sont publiés.\n"
    "La séance d'aujourd'hui, 18 avril 2024, est consacrée à l'alignement des modèles, avec Nathan Lambert."
)

CASES = {
    "cs25": ("/cs25/", "2024-04-18", "Un séminaire de Stanford sur les Transformers", SEED_AVIS),
    "article": ("/article/", "2024-03-03", None, "Une lecture agréable sur le métro."),
}


def clip_example(run_clip, server, vault, case):
    path, day, titre, avis = CASES[case]
    args = [server + path, "--vault", str(vault), "--date", day, "--avis", avis]
    if titre:
        args += ["--titre", titre]
    result = run_clip(*args)
    assert result.code == 0, result.err
    note = Path(result.out.strip())
    return note.read_text(encoding="utf-8").replace(server, "http://127.0.0.1:PORT")


@pytest.mark.parametrize("case", sorted(CASES))
def test_note_matches_golden(run_clip, examples_server, vault, case):
    text = clip_example(run_clip, examples_server, vault, case)
    golden = GOLDEN / f"{case}.md"
    if os.environ.get("CLIPPER_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _plain_lines(markdown: str) -> list[str]:
    """The note as the seed shows it: Markdown syntax stripped, one line per line."""
    text = re.sub(r"!\[\[(attachments/[^\]]+)\]\]", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[\[([^\]]+)\]\]", r"\1", text)
    text = text.replace("**", "").replace("\\", "").replace(" — ", " ")
    lines = [re.sub(r"^#+ |^[-*] ", "", line).strip() for line in text.splitlines()]
    return [line for line in lines if line]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside the checkout")
def test_cs25_note_reads_like_the_users_seed_note(run_clip, examples_server, vault):
    note = clip_example(run_clip, examples_server, vault, "cs25")
    ours = _plain_lines(note.split("\n---\n", 1)[1])
    seed = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    seed = [line for line in seed if not line.startswith("Date Title Description")]
    missing, position = [], 0
    for line in seed:
        wanted = "attachments/" if line.startswith("attachments/") else line.replace("\xa0", " ")
        found = next((i for i in range(position, len(ours)) if wanted in ours[i].replace("\xa0", " ")), None)
        if found is None:
            missing.append(line)
        else:
            position = found + 1
    assert missing == [], f"seed lines not found in order: {missing[:5]}"

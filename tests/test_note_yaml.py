"""A note's properties are written byte for byte as PyYAML (through python-frontmatter)
wrote them before `note_yaml` took over the simple cases: a re-clip of an unchanged
page must change no byte, and notes clipped before must read the same."""

import frontmatter
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from clipper.note import _with_front_matter
from clipper.note_yaml import IndentedDumper, dump_properties

KEYS = ["title", "source", "author", "published", "created", "description", "site", "tags", "kind", "rendered"]
TRICKY = list("  :#-?'\"[]{},&*!|>%@`~.\t\n\r\x85\u2028\ufeff\xa0é€😀\x00\x7f") + ["---", "...", ": ", " #", "''"]
WORDS = ["yes", "No", "null", "~", "true", "1", "0x1F", "1.5e3", "2024-03-01", "12:30", "<<", "=", ".inf", "Oui"]

texts = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(TRICKY + WORDS + ["mot", "Transformers", "l'été", "a" * 30]), max_size=40).map("".join),
    st.lists(st.sampled_from(["mot", "chapitre", "x" * 17, " ", "  ", "'"]), max_size=60).map("".join),
    st.sampled_from(WORDS),
)
values = st.one_of(
    texts,
    st.dates(),
    st.booleans(),
    st.lists(texts, max_size=4),
    st.integers(),
    st.none(),
    st.datetimes(),
)
properties = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), values, max_size=8)


def pyyaml(mapping: dict) -> str:
    return yaml.dump(mapping, Dumper=IndentedDumper, sort_keys=False, allow_unicode=True, default_flow_style=False)


@settings(max_examples=1500, deadline=None)
@given(properties)
@example({"description": "Un séminaire " + "très " * 20 + "long", "author": ["[[Claire Martin]]"]})
@example({"title": "l'été " * 20, "tags": ["clippings", "2024", "true"]})
def test_properties_are_pyyamls_bytes(mapping):
    assert dump_properties(mapping) == pyyaml(mapping)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=8), texts)
def test_a_note_is_python_frontmatters_bytes(mapping, body):
    expected = frontmatter.dumps(frontmatter.Post(body, **mapping), sort_keys=False, Dumper=IndentedDumper) + "\n"
    assert _with_front_matter(mapping, body) == expected

"""The Korean a learner reads chooses its particles as a Korean writer would (issue 23, item 8):
by the last syllable of the word before them (softmax가, NotImplementedError를, model로), counts
with counters (학습자 8명), and no Korean page carries English phrases of the grader's own."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import string

from click.testing import CliRunner

import grader
from conftest import STUBS
from grader import packs
from grader.cli import main
from grader.text import Text

PAIRS = re.compile(r"이\(가\)|을\(를\)|은\(는\)|\(으\)로|과\(와\)|와\(과\)")


def test_a_stub_in_korean_reads_as_korean():
    done = CliRunner().invoke(main, ["exercise3", "--file", str(STUBS / "exercise3.py"), "--format", "json",
                                     "--lang", "ko"])
    messages = {c["name"]: c["message"] for c in json.loads(done.output)["checks"]}
    assert "softmax가 여전히 NotImplementedError를 발생시킵니다" in messages["softmax_small_example"], messages


def _modules():
    """Every module of grader/ and every checks module of the built-in course (grader_course/)."""
    for info in pkgutil.walk_packages(grader.__path__, "grader."):
        if ".data.judged" in info.name or info.name.endswith("__main__"):
            continue
        yield info.name, importlib.import_module(info.name)
    for name in packs.builtin().exercise_names():
        module = packs.builtin().checks_module(name)
        yield module.__name__, module


def _filled(template: str) -> dict:
    values = {}
    for _, field, spec, _ in string.Formatter().parse(template):
        if field:
            values[field.split(".")[0].split("[")[0]] = 1.5 if spec else "softmax"
    return values


def test_every_korean_template_resolves_its_particles():
    left = []
    for module_name, module in _modules():
        for name, value in vars(module).items():
            if isinstance(value, Text) and PAIRS.search(value.ko) and "{" in value.ko:
                try:
                    filled = value.format(**_filled(value.en + value.ko))
                except (KeyError, ValueError, IndexError):
                    continue
                if PAIRS.search(filled.ko):
                    left.append(f"{module_name}.{name}: {filled.ko}")
    assert left == [], left[:10]


def test_the_class_summary_counts_learners_in_korean(tmp_path):
    (tmp_path / "class" / "kim").mkdir(parents=True)
    (tmp_path / "class" / "kim" / "exercise3.py").write_text((STUBS / "exercise3.py").read_text())
    done = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "--out", str(tmp_path / "out"),
                                     "--exercises", "exercise3", "--lang", "ko", "--workers", "1"])
    assert done.exit_code == 0, done.output
    page = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "학습자 1명" in page and "1 학습자" not in page


def test_the_jupyter_footer_is_korean_in_korean():
    from grader import jupyter

    assert not re.search(r"[A-Za-z]{3,}", jupyter.SUBMISSION.ko.replace("(In)", ""))


def _korean_texts():
    """Every fixed Korean text in grader/ (Text values, docstring ``ko:`` lines, the learners' README)."""
    from grader import release

    found = []
    for module_name, module in _modules():
        for name, value in vars(module).items():
            if isinstance(value, Text):
                found.append((f"{module_name}.{name}", value.ko))
            elif callable(value) and getattr(value, "__module__", None) == module_name:
                parsed = __import__("grader.text", fromlist=["x"]).parse_bilingual_docstring(value.__doc__)
                if parsed is not None:
                    found.append((f"{module_name}.{name}", parsed.ko))
    found.extend((f"grader.release.{n}", v) for n, v in vars(release).items()
                 if isinstance(v, str) and re.search("[가-힣]", v))
    return found


# A particle written apart from the code word or number before it ("sys.exit() 를", "`model` 으로",
# "3 은"); Korean attaches it ("sys.exit()를").  ``{name} 이(가)`` stays: attach() joins it when filled.
SPACED = re.compile(r"[`)\]'\"A-Za-z0-9_%] (이|가|을|를|은|는|으로|로|의|에서|에|와|과|처럼|보다|입니다|도)"
                    r"(?=[\s.,;:!?)\"']|$)")
DOUBLE = re.compile(r"\((이|을|은|와|과)\)(가|를|는|과|와)")
# A pair left for attach() after a word it cannot change: only a filled-in {placeholder} needs one.
FIXED_PAIR = re.compile(r"(?:^|\s)([^\s{}]+) (이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로)")


def test_no_korean_text_writes_a_particle_apart_from_its_word():
    texts = _korean_texts()
    assert len(texts) > 300
    spaced = [f"{where}: ...{ko[max(0, m.start() - 20):m.end() + 5]}..."
              for where, ko in texts for m in SPACED.finditer(ko)]
    assert spaced == [], spaced[:10]


def test_the_spaced_particle_check_catches_the_old_texts():
    for old in ("{function} 이(가) sys.exit() 를 호출했습니다", "`model` 으로 학습합니다", "-1 은 크기를 맞춥니다",
                "Jupyter 에서 열어"):
        assert SPACED.search(old), old
    assert not SPACED.search("{function} 이(가) sys.exit()를 호출했습니다. 이 함수는")


def test_no_korean_text_keeps_a_double_particle_form():
    texts = _korean_texts()
    double = [f"{where}: {ko}" for where, ko in texts if DOUBLE.search(ko)]
    assert double == [], double[:10]
    fixed = [f"{where}: {m.group(0)}" for where, ko in texts for m in FIXED_PAIR.finditer(ko)]
    assert fixed == [], fixed[:10]


def test_the_double_form_checks_catch_the_old_texts():
    assert DOUBLE.search("softmax (이)가 여전히") and DOUBLE.search("값(을)를")
    assert FIXED_PAIR.search("model.fit 을(를) 기록") and not FIXED_PAIR.search("{name} 이(가) 없습니다")


def test_every_check_description_in_korean_reads_as_korean():
    descriptions = []
    for exercise in packs.builtin().all_exercises():
        descriptions += [(f"{exercise.name}.{c.name}", c.description.ko) for c in exercise.checks]
    assert len(descriptions) > 100
    bad = [f"{where}: {ko}" for where, ko in descriptions
           if SPACED.search(ko) or DOUBLE.search(ko) or PAIRS.search(ko)]
    assert bad == [], bad[:10]

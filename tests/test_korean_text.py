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
from grader.cli import main
from grader.text import Text

PAIRS = re.compile(r"이\(가\)|을\(를\)|은\(는\)|\(으\)로|과\(와\)|와\(과\)")


def test_a_stub_in_korean_reads_as_korean():
    done = CliRunner().invoke(main, ["exercise3", "--file", str(STUBS / "exercise3.py"), "--format", "json",
                                     "--lang", "ko"])
    messages = {c["name"]: c["message"] for c in json.loads(done.output)["checks"]}
    assert "softmax가 여전히 NotImplementedError를 발생시킵니다" in messages["softmax_small_example"], messages


def _filled(template: str) -> dict:
    values = {}
    for _, field, spec, _ in string.Formatter().parse(template):
        if field:
            values[field.split(".")[0].split("[")[0]] = 1.5 if spec else "softmax"
    return values


def test_every_korean_template_resolves_its_particles():
    left = []
    for info in pkgutil.walk_packages(grader.__path__, "grader."):
        if ".data.judged" in info.name or info.name.startswith("grader.stubs") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Text) and PAIRS.search(value.ko) and "{" in value.ko:
                try:
                    filled = value.format(**_filled(value.en + value.ko))
                except (KeyError, ValueError, IndexError):
                    continue
                if PAIRS.search(filled.ko):
                    left.append(f"{info.name}.{name}: {filled.ko}")
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

"""One plain form of a learner's result (issue 25): ``result.json`` on disk and a Dask worker's answer are
both :func:`grader.batch.store.result_to_plain`, read back by :func:`~grader.batch.store.result_from_plain`,
which takes anything and gives a result or "not stored", never an exception."""

from __future__ import annotations

import copy
import json

import pytest

from class_factory import make_class
from grader.batch import store
from test_batch import batch, gradebook

LEARNERS = 3


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "class"
    make_class(folder, LEARNERS, ["exercise1", "exercise3"], seed=5,
               kinds=("correct", "partial", "syntax", "missing"))
    out = tmp_path_factory.mktemp("out")
    done = batch(folder, out, "--workers", "1")
    assert done.exit_code == 0, done.output
    return folder, out


def _plain(out, learner="learner01"):
    return json.loads((store.learner_dir(out, learner) / store.RESULT).read_text(encoding="utf-8"))


def test_a_result_read_back_is_the_result_that_was_stored(stored):
    _, out = stored
    for learner in ("learner01", "learner02", "learner03"):
        result = store.load(out, learner)
        assert result is not None and result.learner == learner
        assert store.result_to_plain(result) == _plain(out, learner)
        assert store.result_from_plain(store.result_to_plain(result)) == result


def _forgeries(plain):
    """Values a damaged file or a foreign answer might hold, each one change from a real result."""
    def changed(path, value):
        data = copy.deepcopy(plain)
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return data

    return {
        "a number": 7, "a list": [plain], "nothing": None, "an empty object": {},
        "no reports": {k: v for k, v in plain.items() if k != "reports"},
        "the learner a number": changed(["learner"], 12),
        "complete a string": changed(["complete"], "yes"),
        "reports an object": changed(["reports"], {"exercise1": 1}),
        "a report a string": changed(["reports", 0], "exercise1"),
        "a check's name a list": changed(["reports", 0, "checks", 0, "name"], ["x"]),
        "a check's status unknown": changed(["reports", 0, "checks", 0, "status"], "great"),
        "a check's points text": changed(["reports", 0, "checks", 0, "points"], "ten"),
        "a description null": changed(["reports", 0, "checks", 0, "description"], None),
        "a title in one language": changed(["reports", 0, "title"], {"en": "x"}),
        "the output a number": changed(["reports", 0, "output"], 5),
        "a curve of text": changed(["reports", 0, "checks", 0, "curve"], ["a"]),
        "a million checks": changed(["reports", 0, "checks"], [plain["reports"][0]["checks"][0]] * 1_000_001),
        "a million notes": changed(["notes"], ["n"] * 1_000_001),
        "another format": changed(["reports", 0, "format"], 99),
    }


def test_any_other_value_is_not_a_result_and_never_an_exception(stored):
    _, out = stored
    for name, forged in _forgeries(_plain(out)).items():
        assert store.result_from_plain(forged) is None, name


@pytest.mark.parametrize("damage", ["truncated", "not utf-8", "deep nesting", "another learner's"])
def test_a_damaged_result_file_is_not_stored_and_resume_grades_the_learner_again(stored, tmp_path, damage):
    folder, out = stored
    copy_out = tmp_path / "out"
    import shutil

    shutil.copytree(out, copy_out)
    path = store.learner_dir(copy_out, "learner02") / store.RESULT
    text = path.read_bytes()
    path.write_bytes({"truncated": text[: len(text) // 2], "not utf-8": b"\xff\xfe" + text,
                      "deep nesting": b"[" * 100_000 + b"]" * 100_000,
                      "another learner's": (store.learner_dir(copy_out, "learner01") / store.RESULT).read_bytes(),
                      }[damage])
    assert store.load(copy_out, "learner02") is None
    again = batch(folder, copy_out, "--resume")
    assert again.exit_code == 0, again.output
    assert f"graded 1, resumed {LEARNERS - 1}" in again.output
    assert gradebook(copy_out) == gradebook(out)


def test_a_dask_workers_answer_is_read_as_a_stored_result(stored):
    from grader.batch import dask_backend
    from grader.batch.layouts import discover

    folder, out = stored
    learner = next(l for l in discover(folder, ["exercise1", "exercise3"], out / "unused").learners
                   if l.learner == "learner01")
    answer = _plain(out)
    result = dask_backend._result(learner, answer, "print")
    assert result.fingerprint == "print" and result.reports == store.load(out, "learner01").reports
    for name, forged in _forgeries(answer).items():
        with pytest.raises(ValueError):
            dask_backend._result(learner, forged, "print")
    with pytest.raises(ValueError):  # another learner's answer
        dask_backend._result(learner, _plain(out, "learner02"), "print")

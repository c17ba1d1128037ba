"""No page a learner is sent from official grading holds the class's seed or a path of the grading machine.

With the class's seed, ``grade exerciseN --seed S`` on a learner's own machine draws every hidden
input of that class again (and shows the expected values), for every regrade, ``--resume`` and late
hand-in; the training seeds derived from it let a learner search for a model that passes under
exactly those initialisations.  So ``report.md``, ``report.html``, ``report.json`` and
``results.json`` of ``grade batch``, and the ``results.json`` of a Gradescope autograder, carry
neither, nor a path of the machine that graded (the class folder, a zip's temporary folder, the
output folder, the grader's checkout).  The instructor's own files (``grading-seed.txt``, the
stored ``result.json``) still may.
"""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from click.testing import CliRunner

from attack_tools import REPO, base_env, batch, solution_source
from grader.cli import main
from grader.framework.context import stable_seed

LEARNER_FACING = ("report.md", "report.html", "report.json", "results.json")

WEAK_IRIS = solution_source("exercise12").replace('FIT = {"epochs": 100', 'FIT = {"epochs": 1')
RAISES = "def softmax(z):\n    raise ValueError('not yet')\n"


def _training_seeds(seed: int, count: int = 3) -> list[str]:
    """The training seeds a grading with ``seed`` derives (grader.framework.training.seeds_for)."""
    return [str(stable_seed(seed, "training", i) % (2**31)) for i in range(count)]


def _leaks(texts: dict[str, str], secrets: list[str]) -> list[str]:
    return [f"{name} holds {secret!r}" for name, text in texts.items() for secret in secrets if secret in text]


def _learner_pages(out: Path) -> dict[str, str]:
    pages = {}
    for folder in sorted((out / "learners").iterdir()):
        for name in LEARNER_FACING:
            pages[f"{folder.name}/{name}"] = (folder / name).read_text(encoding="utf-8")
    return pages


def _machine_paths(*paths: Path) -> list[str]:
    found = {str(REPO), tempfile.gettempdir() + "/", "grader-batch-"}
    for path in paths:
        found |= {str(path), str(path.resolve())}
    return sorted(found)


def test_batch_pages_of_a_zipped_class_hold_no_seed_training_seed_or_path(tmp_path):
    classroom = tmp_path / "class"
    for learner, files in {"lee": {"exercise3.py": solution_source("exercise3"), "exercise12.py": WEAK_IRIS},
                           "kim": {"exercise3.py": RAISES}, "park": {"exercise3.py": "def softmax(:\n"}}.items():
        (classroom / learner).mkdir(parents=True)
        for name, source in files.items():
            (classroom / learner / name).write_text(source, encoding="utf-8")
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(classroom.rglob("*.py")):
            zf.write(path, path.relative_to(tmp_path).as_posix())
    out = tmp_path / "graded"

    run = batch(archive, out, tmp_path, "--exercises", "exercise3,exercise12", "--workers", "1", timeout=400)
    assert run.returncode == 0, run.describe()
    seed = int((out / "grading-seed.txt").read_text().split()[0])
    pages = _learner_pages(out)
    assert "lee/report.md" in pages and "exercise3.py" in pages["lee/report.md"]  # the file still named
    assert "accuracy" in pages["lee/report.md"]  # sanity: the weak model was trained and measured
    problems = _leaks(pages, [str(seed), *_training_seeds(seed)] + _machine_paths(tmp_path, out, archive))
    assert not problems, "; ".join(problems[:8])
    # The instructor's own files keep what they need.
    assert str(seed) in (out / "learners" / "lee" / "result.json").read_text()


def test_batch_pages_of_a_folder_given_by_its_full_path_hold_no_path(tmp_path):
    classroom = tmp_path / "spring-2027" / "section-b"
    (classroom / "lee").mkdir(parents=True)
    (classroom / "lee" / "exercise3.py").write_text(RAISES, encoding="utf-8")
    out = tmp_path / "graded"
    run = batch(classroom.resolve(), out.resolve(), tmp_path, "--exercises", "exercise3", "--workers", "1",
                "--seed", "5551234567")
    assert run.returncode == 0, run.describe()
    pages = _learner_pages(out)
    problems = _leaks(pages, ["5551234567", "spring-2027", "section-b"] + _machine_paths(tmp_path, out))
    assert not problems, "; ".join(problems[:8])


def test_gradescope_results_hold_no_seed_training_seed_or_path(tmp_path):
    seed = 7391820465512
    bundle = tmp_path / "autograder.zip"
    made = CliRunner().invoke(main, ["gradescope-bundle", str(bundle), "--exercises", "exercise3,exercise12",
                                     "--lang", "en", "--seed", str(seed)], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    script = root / "source" / "run_autograder"
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    (root / "submission").mkdir()
    (root / "submission" / "exercise3.py").write_text(RAISES, encoding="utf-8")
    (root / "submission" / "exercise12.py").write_text(WEAK_IRIS, encoding="utf-8")
    env = base_env(AUTOGRADER_ROOT=str(root), GRADER_PYTHON=sys.executable)
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    done = subprocess.run([str(script)], cwd=root, env=env, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stderr[-2000:]
    text = (root / "results" / "results.json").read_text(encoding="utf-8")
    results = json.loads(text)
    accuracy = [t for t in results["tests"] if "accuracy" in t["output"]]
    assert accuracy and accuracy[0]["extra_data"]["status"] == "failed"  # sanity: trained and measured
    problems = _leaks({"results.json": text},
                      [str(seed), *_training_seeds(seed)] + _machine_paths(tmp_path, root))
    assert not problems, "; ".join(problems[:8])
    shutil.rmtree(root, ignore_errors=True)

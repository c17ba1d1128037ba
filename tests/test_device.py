"""--device: cpu hides GPUs from the learner's process, gpu without one is a usage error,
and the report says which device trained the model."""

import json

from click.testing import CliRunner

from conftest import SOLUTIONS
from grader.cli import main


def test_gpu_required_but_none_visible_is_exit_2_with_a_clear_message():
    result = CliRunner().invoke(main, ["exercise3", "--file", str(SOLUTIONS / "exercise3.py"),
                                       "--device", "gpu"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "TensorFlow sees no GPU" in result.output and "--device cpu" in result.output
    assert "Traceback" not in result.output


def test_cpu_device_trains_on_the_cpu_and_the_report_says_so(grade):
    report = grade("exercise11", SOLUTIONS / "exercise11.py", device="cpu")
    assert report.all_passed
    devices = {m.device for c in report.checks for m in c.measurements}
    assert devices == {"CPU"}


def test_cpu_device_hides_gpus_from_the_learners_process(grade):
    probe = (SOLUTIONS / "exercise3.py").read_text() + '''
import os
def dense_softmax(x, kernel, bias):
    import tensorflow as tf
    hidden = os.environ.get("CUDA_VISIBLE_DEVICES") == "-1" and not tf.config.get_visible_devices("GPU")
    raise RuntimeError(f"GPU hidden: {hidden}")
'''
    report = grade("exercise3", probe, device="cpu")
    message = next(c for c in report.checks if c.function == "dense_softmax").message.en
    assert "GPU hidden: True" in message


def test_json_report_names_the_training_device(tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["exercise11", "--file", str(SOLUTIONS / "exercise11.py"), "--device",
                                       "cpu", "--format", "json", "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    measured = [m for c in json.loads(out.read_text())["checks"] for m in c["measurements"]]
    assert measured and {m["device"] for m in measured} == {"CPU"}

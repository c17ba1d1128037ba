"""What the client sends to workers *by value* (its code travels with it, not a reference to this
package), so that even a worker without the grader runs it:

- the probe, asked of every worker before a batch and of every worker that joins during it: why it
  cannot grade for this client, in plain data (the grader is not installed; its version differs,
  named with the client's, checked here before any of the worker's grader is called; its code or
  course differs: :func:`grader.batch.dask_worker.refusal`), or None;
- the worker plugin, which imports the grader only in its ``setup`` and keeps the error when it
  cannot.  A plugin of this package's own class could not even be unpickled on such a worker: the
  worker failed to start, its nanny restarted it again and again, and the batch waited forever
  (or ended in a raw traceback).
"""

from __future__ import annotations

_SOURCE = '''
def probe(exercises, code, course_print, version=None, pack=None):
    try:
        import grader
        from grader.batch import dask_worker
    except BaseException as exc:
        return "cannot import the grader (" + type(exc).__name__ + ": " + str(exc)[:200] + \\
            "): install the grader and the course on every worker machine"
    mine = str(getattr(grader, "__version__", "unknown"))
    if version is not None and mine != version:  # before anything of this worker's grader is called
        return ("runs grader " + mine + ", the client grader " + version + ": install grader " + version +
                " on this worker (the same version on every machine; README: More than one machine: Dask)")
    try:
        return dask_worker.refusal(tuple(exercises), code, course_print, pack, version)
    except Exception as exc:
        return "could not compare its course with the client's (" + type(exc).__name__ + ": " + str(exc)[:200] + ")"
'''


_PLUGIN_SOURCE = '''
from distributed import WorkerPlugin


class CourseGraderPlugin(WorkerPlugin):
    """Per worker: a grader.batch.dask_worker.WorkerState, or why there is none."""

    idempotent = True  # registered again (a second batch), the running one stays: never torn down

    def __init__(self):
        self.state = None
        self.error = None

    def setup(self, worker):
        try:
            from grader.batch.dask_worker import WorkerState
            self.state = WorkerState()
        except BaseException as exc:
            self.error = "the grader cannot start here (" + type(exc).__name__ + ": " + str(exc)[:200] + ")"

    def teardown(self, worker):
        if self.state is not None:
            self.state.close()
'''


def make_plugin():
    """The worker plugin, of a class of a module that exists nowhere (so cloudpickle sends its code)."""
    namespace: dict = {"__name__": "grader_worker_plugin"}
    exec(compile(_PLUGIN_SOURCE, "<grader worker plugin>", "exec"), namespace)
    return namespace["CourseGraderPlugin"]()


def make_probe():
    """The probe, a function of a module that exists nowhere (so cloudpickle sends its code)."""
    namespace: dict = {"__name__": "grader_worker_probe"}
    exec(compile(_SOURCE, "<grader worker probe>", "exec"), namespace)
    return namespace["probe"]


def unfit_workers(client, settings, workers: list[str] | None = None) -> dict[str, str]:
    """Every worker of ``client``'s cluster (or of ``workers``) that cannot grade for this client's
    :class:`~grader.batch.dask_worker.TaskSettings` (sent as plain values), with why."""
    answers = client.run(make_probe(), list(settings.exercises), settings.code, settings.course, settings.version,
                         settings.pack, workers=workers, on_error="return")
    unfit = {}
    for address, answer in answers.items():
        if isinstance(answer, BaseException):
            unfit[str(address)] = f"did not answer ({type(answer).__name__}: {str(answer)[:200]})"
        elif answer is not None:
            unfit[str(address)] = str(answer)[:600]
    return unfit

"""What a learner's process may see and do (SECURITY.md says what each level guarantees).

Three levels, the best the OS allows; the report says which one applied:

- ``full`` (the grader runs as root): new PID, network, IPC, UTS and mount namespaces; the
  process is init of its own PID namespace (everything it starts dies with it), sees only an
  allow-listed root (:mod:`~grader.sandbox.confine.filesystem`), runs as a uid of its own with
  no capability and no controlling terminal, under a cgroup's memory and process limits
  (:mod:`~grader.sandbox.confine.cgroups`) where the machine has them;
- ``user-namespace`` (an ordinary user, where user namespaces are allowed): the same namespaces
  and root inside a user namespace; the process keeps the user's uid but holds no capability;
- ``landlock`` (namespaces refused, Landlock available): the same allow-list of files, enforced by the
  kernel's Landlock (:mod:`~grader.sandbox.confine.landlock`), of the host's ``/proc`` only its own
  entry, a fresh scratch folder of the host, no TCP, no signal outside its tree;
- ``none``: a session and process group of its own, a fresh scratch folder, resource limits.

Every level: resource limits (address space, file size, no core dumps), a cleaned environment
(and no secret in memory: the fork server it is forked from started with an allow-listed one),
no way to gain privileges (``PR_SET_NO_NEW_PRIVS``), no keyring (a fresh session keyring, and a
seccomp filter that fails every keyring call).

The modules: :mod:`~grader.sandbox.confine.spec` (how to confine, and how it was),
:mod:`~grader.sandbox.confine.isolation_level` (which level applies, decided in the guardian),
:mod:`~grader.sandbox.confine.filesystem`, :mod:`~grader.sandbox.confine.landlock`,
:mod:`~grader.sandbox.confine.process` (identity, limits, environment),
:mod:`~grader.sandbox.confine.identity` (the learner's uid), :mod:`~grader.sandbox.confine.cgroups`,
and under them all :mod:`~grader.sandbox.confine.syscalls` (the system calls, no policy).
"""

from __future__ import annotations

import os

from grader.sandbox.confine import filesystem, landlock, process
from grader.sandbox.confine.cgroups import Cgroup
from grader.sandbox.confine.isolation_level import enter_namespaces
from grader.sandbox.confine.syscalls import PR_SET_PDEATHSIG, libc
from grader.sandbox.confine.spec import HOME, UID_BASE, Level, SandboxSpec

__all__ = ["Cgroup", "HOME", "Level", "PR_SET_PDEATHSIG", "SandboxSpec", "UID_BASE", "confine_child",
           "enter_namespaces", "libc"]


def confine_child(spec: SandboxSpec, level: Level, forbidden: list[str]) -> None:
    """Called in the child (init of the new namespaces) before any learner code."""
    if not spec.confine:
        os.chdir(spec.scratch)
        return
    step = "the file system"
    try:
        if level.namespaces:
            filesystem.build_root(spec, level, forbidden)
            home = HOME
        else:
            home = filesystem.host_scratch(spec, level)
            os.chdir(home)
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        step = "the learner's identity"
        process.become_learner(level)
        if level.name == "landlock":
            step = "Landlock"
            allowed = filesystem.allowed_paths(spec, forbidden)
            read = [*filesystem.SYSTEM, *(f"/etc/{name}" for name in filesystem.ETC), *landlock.own_proc(),
                    *(f"/dev/{name}" for name in filesystem.DEVICES),
                    *filesystem.without_hidden(allowed, list(spec.hidden))]
            listed = filesystem.holding_hidden(allowed, list(spec.hidden))
            if not landlock.restrict(read, [home, "/dev/null"], listed):
                raise OSError("Landlock was expected here but is not available")
        step = "the environment and limits"
        process.set_environment(spec, home)
        process.set_limits(spec, level)
    except OSError as exc:
        raise OSError(exc.errno, f"{step}: {exc}") from exc

"""Every declared harness operation's request type, by name, for checks modules
(``grader.authoring.ops``): ``ctx.reference.harness(ops.KerasLoss(...))``."""

from grader.harness.ops.gradients import KerasR2Score, NeuronTapeGradients, TraceNandCircuit, TracePerceptronCalls
from grader.harness.ops.inspection import KerasOptimizerSteps
from grader.harness.ops.maths import KerasLoss
from grader.harness.ops.notebooks import NotebookTables

__all__ = ["KerasLoss", "KerasOptimizerSteps", "KerasR2Score", "NeuronTapeGradients", "NotebookTables",
           "TraceNandCircuit", "TracePerceptronCalls"]

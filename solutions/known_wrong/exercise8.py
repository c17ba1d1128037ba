"""Known-wrong variants of exercise8 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

GATES = ("not_gate", "and_gate", "or_gate", "xor_gate")

VARIANTS = [
    V("fires_at_zero", '''
def perceptron(x, w, b):
    return int(np.dot(x, w) + b >= 0)
''', ("perceptron_zero_is_not_above", "perceptron_drawn"), ("perceptron",)),
    V("perceptron_returns_bool", '''
def perceptron(x, w, b):
    return np.dot(x, w) + b > 0
''', ("perceptron_example", "perceptron_zero_is_not_above", "perceptron_drawn", "nand_truth_table"),
      ("perceptron", "nand") + GATES),
    V("bias_ignored", '''
def perceptron(x, w, b):
    return int(np.dot(x, w) > 0)
''', ("perceptron_example", "perceptron_drawn", "nand_truth_table"), ("perceptron", "nand") + GATES),
    V("nand_by_arithmetic", '''
def nand(a, b):
    return 1 - a * b
''', ("nand_is_a_perceptron",), ("nand",)),
    V("nand_with_and_weights", '''
def nand(a, b):
    return perceptron([a, b], [1, 1], -1.5)
''', ("nand_truth_table", "nand_is_a_perceptron"), ("nand",) + GATES),
    V("not_with_constant_zero", '''
def not_gate(a):
    return nand(a, 0)
''', ("not_gate_truth_table", "not_gate_from_nand_only"), ("not_gate", "and_gate", "or_gate")),
    V("and_forgot_the_not", '''
def and_gate(a, b):
    return nand(a, b)
''', ("and_gate_truth_table", "and_gate_from_nand_only"), ("and_gate",)),
    V("or_is_and", '''
def or_gate(a, b):
    return nand(nand(a, b), nand(a, b))
''', ("or_gate_truth_table", "or_gate_from_nand_only"), ("or_gate",)),
    V("xor_is_or", '''
def xor_gate(a, b):
    return nand(nand(a, a), nand(b, b))
''', ("xor_gate_truth_table", "xor_gate_from_nand_only"), ("xor_gate",)),
    V("gates_with_python_operators", '''
def not_gate(a):
    return 1 - a

def and_gate(a, b):
    return int(a and b)

def or_gate(a, b):
    return a | b
''', ("not_gate_from_nand_only", "and_gate_from_nand_only", "or_gate_from_nand_only"),
      ("not_gate", "and_gate", "or_gate")),
    V("xor_lookup_table", '''
XOR_TABLE = {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}

def xor_gate(a, b):
    nand(a, b)  # calls nand, but the answer comes from the table
    return XOR_TABLE[(a, b)]
''', ("xor_gate_from_nand_only",), ("xor_gate",)),
    V("xor_from_a_perceptron_layer", '''
def xor_gate(a, b):
    hidden = [perceptron([a, b], [1, 1], -0.5), nand(a, b)]
    return perceptron(hidden, [1, 1], -1.5)
''', ("xor_gate_from_nand_only",), ("xor_gate",)),
    V("xor_network_one_input_wrong", '''
_reference_network = xor_network

def xor_network():
    W1, b1, W2, b2 = _reference_network()
    return W1, b1, W2, np.array([-0.5])  # the output unit ORs: (1, 1) gives 1
''', ("xor_network_computes_xor",), ("xor_network",)),
    V("xor_network_weights_for_z_at_least_0", '''
def xor_network():
    W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
    b1 = np.array([-1.0, 1.0])
    W2 = np.array([[1.0], [1.0]])
    b2 = np.array([-2.0])
    return W1, b1, W2, b2
''', ("xor_network_computes_xor",), ("xor_network",)),
    V("xor_network_flat_shapes", '''
_reference_network = xor_network

def xor_network():
    W1, b1, W2, b2 = _reference_network()
    return W1, b1, W2.ravel(), float(b2[0])
''', ("xor_network_shapes",), ("xor_network",)),
]

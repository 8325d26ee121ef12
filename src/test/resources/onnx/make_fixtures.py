#!/usr/bin/python3
"""Builds the tiny ONNX models the tests run, next to this script.

Run from anywhere with Debian's onnx package (PyPI is not needed):

    apt-get install python3-onnx        # onnx 1.12, opset 17
    /usr/bin/python3 src/test/resources/onnx/make_fixtures.py

The output is deterministic (no random weights, fixed producer fields), so re-running it leaves
`git status` clean unless this script changed. Each model is a few hundred bytes; the tests state the
exact values they expect, so a change here must be matched there.

  add_sub.onnx   A, B FP32 [batch, 4] -> SUM = A + B, DIFF = A - B            dynamic batch
  matmul.onnx    X FP32 [batch, 3] -> Y = X @ W, W = [[1,2],[3,4],[5,6]]      dynamic batch
  matmul2.onnx   the same signature, W = [[2,0],[0,2],[1,1]]: a "version 2" of matmul
  int_scale.onnx X INT64 [batch, 2] -> Y = 3 * X; N INT32 [batch] -> M = N + 1 dynamic batch
  strings.onnx   TEXT BYTES [batch] -> SAME = Identity(TEXT)                  dynamic batch, strings
  types.onnx     one input per datatype ONNX Runtime's Java API can hold       dynamic batch, Identity
                 (BOOL UINT8 INT8 INT16 INT32 INT64 FP16 FP32 FP64 STRING), [batch, 2] each,
                 output OUT_<type> = the input
  fixed.onnx     X FP32 [1, 3] -> Y = 2 * X                                   fixed batch of 1
  sequence.onnx  X FP32 [batch, seq] -> Y = X + 1                             two dynamic dims
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = [helper.make_opsetid("", 13)]


def save(graph, name):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="inferyx-fixtures",
                              producer_version="1")
    model.ir_version = 8  # what ONNX Runtime 1.28 and onnx 1.12 both read
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))
    print("wrote", name, os.path.getsize(os.path.join(HERE, name)), "bytes")


def tensor(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def add_sub():
    a, b = tensor("A", TensorProto.FLOAT, ["batch", 4]), tensor("B", TensorProto.FLOAT, ["batch", 4])
    nodes = [helper.make_node("Add", ["A", "B"], ["SUM"]), helper.make_node("Sub", ["A", "B"], ["DIFF"])]
    outs = [tensor("SUM", TensorProto.FLOAT, ["batch", 4]), tensor("DIFF", TensorProto.FLOAT, ["batch", 4])]
    save(helper.make_graph(nodes, "add_sub", [a, b], outs), "add_sub.onnx")


def matmul():
    w = numpy_helper.from_array(np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32), "W")
    nodes = [helper.make_node("MatMul", ["X", "W"], ["Y"])]
    save(helper.make_graph(nodes, "matmul", [tensor("X", TensorProto.FLOAT, ["batch", 3])],
                           [tensor("Y", TensorProto.FLOAT, ["batch", 2])], initializer=[w]), "matmul.onnx")


def matmul2():
    w = numpy_helper.from_array(np.array([[2, 0], [0, 2], [1, 1]], dtype=np.float32), "W")
    nodes = [helper.make_node("MatMul", ["X", "W"], ["Y"])]
    save(helper.make_graph(nodes, "matmul2", [tensor("X", TensorProto.FLOAT, ["batch", 3])],
                           [tensor("Y", TensorProto.FLOAT, ["batch", 2])], initializer=[w]), "matmul2.onnx")


def int_scale():
    three = numpy_helper.from_array(np.array(3, dtype=np.int64), "THREE")
    one = numpy_helper.from_array(np.array(1, dtype=np.int32), "ONE")
    nodes = [helper.make_node("Mul", ["X", "THREE"], ["Y"]), helper.make_node("Add", ["N", "ONE"], ["M"])]
    save(helper.make_graph(nodes, "int_scale",
                           [tensor("X", TensorProto.INT64, ["batch", 2]), tensor("N", TensorProto.INT32, ["batch"])],
                           [tensor("Y", TensorProto.INT64, ["batch", 2]), tensor("M", TensorProto.INT32, ["batch"])],
                           initializer=[three, one]), "int_scale.onnx")


def strings():
    # Identity: ONNX Runtime builds StringNormalizer on the en_US.UTF-8 locale, which minimal machines lack, and
    # Equal takes strings only from opset 19 (onnx 1.12 writes up to 17).
    nodes = [helper.make_node("Identity", ["TEXT"], ["SAME"])]
    save(helper.make_graph(nodes, "strings", [tensor("TEXT", TensorProto.STRING, ["batch"])],
                           [tensor("SAME", TensorProto.STRING, ["batch"])]), "strings.onnx")


TYPES = [("BOOL", TensorProto.BOOL), ("UINT8", TensorProto.UINT8), ("INT8", TensorProto.INT8),
         ("INT16", TensorProto.INT16), ("INT32", TensorProto.INT32), ("INT64", TensorProto.INT64),
         ("FP16", TensorProto.FLOAT16), ("FP32", TensorProto.FLOAT), ("FP64", TensorProto.DOUBLE),
         ("BYTES", TensorProto.STRING)]


def types():
    ins = [tensor("IN_" + n, t, ["batch", 2]) for n, t in TYPES]
    outs = [tensor("OUT_" + n, t, ["batch", 2]) for n, t in TYPES]
    nodes = [helper.make_node("Identity", ["IN_" + n], ["OUT_" + n]) for n, _ in TYPES]
    save(helper.make_graph(nodes, "types", ins, outs), "types.onnx")


def fixed():
    two = numpy_helper.from_array(np.array(2, dtype=np.float32), "TWO")
    nodes = [helper.make_node("Mul", ["X", "TWO"], ["Y"])]
    save(helper.make_graph(nodes, "fixed", [tensor("X", TensorProto.FLOAT, [1, 3])],
                           [tensor("Y", TensorProto.FLOAT, [1, 3])], initializer=[two]), "fixed.onnx")


def sequence():
    one = numpy_helper.from_array(np.array(1, dtype=np.float32), "ONE")
    nodes = [helper.make_node("Add", ["X", "ONE"], ["Y"])]
    save(helper.make_graph(nodes, "sequence", [tensor("X", TensorProto.FLOAT, ["batch", "seq"])],
                           [tensor("Y", TensorProto.FLOAT, ["batch", "seq"])], initializer=[one]), "sequence.onnx")


if __name__ == "__main__":
    add_sub()
    matmul()
    matmul2()
    int_scale()
    strings()
    types()
    fixed()
    sequence()

package dev.inferyx.config;

import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.model.sim.SimConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Which implementation serves a model, with its own settings. */
public sealed interface ModelSpec {

    /** Type name as written in the config file ({@code type: sim}). */
    String type();

    /** Returns its input unchanged; measures the pipeline's own overhead. */
    record Echo() implements ModelSpec {
        @Override
        public String type() {
            return "echo";
        }
    }

    /** The simulated GPU model; {@code preset} names the latency curve it started from. */
    record Sim(String preset, SimConfig sim) implements ModelSpec {
        public Sim {
            Objects.requireNonNull(preset, "preset");
            Objects.requireNonNull(sim, "sim");
        }

        @Override
        public String type() {
            return "sim";
        }
    }

    /**
     * all-MiniLM-L6-v2 sentence embeddings on ONNX Runtime ({@code type: onnx-minilm}).
     *
     * @param quantized run the int8 export (faster; results depend slightly on batch companions) instead of fp32
     * @param intraOpThreads threads one model call may use, >= 1; workers x this is the CPU the model may use
     */
    record MiniLm(boolean quantized, int intraOpThreads) implements ModelSpec {
        /** One thread per call: on 2 shared cores, parallel workers beat one call spread over two threads. */
        public static final int DEFAULT_INTRA_OP_THREADS = 1;

        public MiniLm {
            if (intraOpThreads < 1) {
                throw new IllegalArgumentException("intra_op_threads must be >= 1, was " + intraOpThreads);
            }
        }

        @Override
        public String type() {
            return "onnx-minilm";
        }
    }

    /**
     * Any ONNX model file on ONNX Runtime, tensors in and out ({@code type: onnx}).
     *
     * @param path the {@code .onnx} file (a relative path is relative to the working directory)
     * @param intraOpThreads threads one model call may use, >= 1; workers x this is the CPU the model may use
     * @param inputs  declared inputs (a repository model's {@code config.yaml}); empty = not declared. Each must
     *                match the file's input of that name exactly, or the model does not load
     * @param outputs declared outputs, likewise
     */
    record Onnx(Path path, int intraOpThreads, List<TensorSpec> inputs, List<TensorSpec> outputs)
            implements ModelSpec {
        /** One thread per call: on 2 shared cores, parallel workers beat one call spread over two threads. */
        public static final int DEFAULT_INTRA_OP_THREADS = 1;

        public Onnx {
            Objects.requireNonNull(path, "path");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            if (intraOpThreads < 1) {
                throw new IllegalArgumentException("intra_op_threads must be >= 1, was " + intraOpThreads);
            }
        }

        /** Nothing declared. */
        public Onnx(Path path, int intraOpThreads) {
            this(path, intraOpThreads, List.of(), List.of());
        }

        @Override
        public String type() {
            return "onnx";
        }
    }
}

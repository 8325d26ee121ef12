package dev.inferyx.config;

import dev.inferyx.model.sim.SimConfig;
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
}

package dev.inferyx.app;

import dev.inferyx.config.ModelConfig;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.model.Model;
import dev.inferyx.model.echo.EchoModel;
import dev.inferyx.model.onnx.MiniLmModel;
import dev.inferyx.model.onnx.OnnxModel;
import dev.inferyx.model.sim.SimModel;
import dev.inferyx.model.sim.Sleeper;

/** Builds the model a configuration names. */
final class ModelFactory {

    private ModelFactory() {
    }

    static Model create(ModelConfig config) {
        return switch (config.spec()) {
            case ModelSpec.Echo ignored -> new EchoModel();
            case ModelSpec.MiniLm miniLm -> new MiniLmModel(
                    miniLm.quantized() ? MiniLmModel.Precision.QUANTIZED : MiniLmModel.Precision.FP32,
                    miniLm.intraOpThreads());
            case ModelSpec.Onnx onnx -> SignatureCheck.declared(config.name(), onnx,
                    OnnxModel.load(onnx.path(), onnx.intraOpThreads()));
            case ModelSpec.Sim sim -> new SimModel(sim.preset(), sim.sim(),
                    new java.util.SplittableRandom(), Sleeper.real());
        };
    }
}

package dev.inferyx.testing;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.Model;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** A test {@link Model} whose behaviour is a lambda; records which threads called it. Thread-safe. */
public final class ScriptedModel implements Model {

    @FunctionalInterface
    public interface Behaviour {
        List<ItemResult> infer(List<Input> inputs) throws BatchFailedException, InterruptedException;
    }

    private final Behaviour behaviour;
    private final Set<Thread> callers = ConcurrentHashMap.newKeySet();

    public ScriptedModel(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** Answers {@code "echo:<text>"} for each input. */
    public static ScriptedModel echo() {
        return new ScriptedModel(ScriptedModel::echoAll);
    }

    /** Blocks each call until {@code gate} opens (interruptibly), then echoes. */
    public static ScriptedModel gated(CountDownLatch gate) {
        return new ScriptedModel(inputs -> {
            gate.await();
            return echoAll(inputs);
        });
    }

    public static List<ItemResult> echoAll(List<Input> inputs) {
        return inputs.stream()
                .<ItemResult>map(in -> new ItemResult.Success(new Output.Text("echo:" + ((Input.Text) in).text())))
                .toList();
    }

    @Override
    public List<ItemResult> infer(List<Input> inputs) throws BatchFailedException, InterruptedException {
        callers.add(Thread.currentThread());
        return behaviour.infer(inputs);
    }

    public Set<Thread> callers() {
        return Set.copyOf(callers);
    }

    @Override
    public String describe() {
        return "scripted test model";
    }
}

package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.facemat.model.ExecutionProviders;
import org.junit.jupiter.api.Test;

/** {@code facemat doctor} says a provider is available only when a session of the default model was created on it. */
class DoctorCommandTest {
    @Test
    void eachProviderIsTriedWithASessionOfTheDefaultModel() {
        Harness.home();
        CliRun r = CliRun.of("doctor");
        assertEquals(ExitCode.OK, r.code(), r.err() + r.out());
        List<String> lines = r.out().lines().toList();
        String cpu = lines.stream().filter(l -> l.startsWith("  cpu: ")).findFirst().orElseThrow();
        assertTrue(cpu.startsWith("  cpu: available (a session of facemat-face.onnx created in "), cpu);
        String cuda = lines.stream().filter(l -> l.startsWith("  cuda: ")).findFirst().orElseThrow();
        if (!ExecutionProviders.compiledIn().contains("CUDAExecutionProvider")) {
            assertTrue(cuda.startsWith("  cuda: unavailable: ") && cuda.endsWith("(a session falls back to cpu)"),
                    cuda);
        }
        assertTrue(r.out().contains("(facemat-face 2.1.0, contract OK)"), r.out());
    }
}

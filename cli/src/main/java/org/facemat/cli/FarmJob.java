package org.facemat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One shot's farm job: every chunk runs {@code facemat render --frames S-E --preroll P --resume --log json} (the same
 * command and code as a render on one machine), and a last step builds the movies with {@code facemat farm assemble}
 * once every chunk has finished. Written for three farm managers.
 *
 * @param name     job name (letters, digits, {@code _ . -})
 * @param plan     the chunks
 * @param input    the shot, absolute
 * @param base     output base path, absolute
 * @param preset   the frame preset (name or absolute file)
 * @param exr      the EXR sequence the preset writes (the movie step reads it)
 * @param movies   movie files the last step writes (may be empty: no last step)
 * @param facemat  the facemat command on the farm's machines
 * @param model    model file, or null for the shipped one
 * @param threads  CPU threads per chunk
 */
record FarmJob(String name, ChunkPlan plan, String input, String base, String preset, String exr, List<String> movies,
               String facemat, String model, int threads) {

    /** The render command of one chunk, with {@code range} standing for the chunk's frames (S-E). */
    List<String> renderCommand(String range) {
        List<String> c = new ArrayList<>(List.of(facemat, "render", input, "--preset", preset, "--out", base,
                "--frames", range, "--preroll", Preroll.text(plan.preroll()), "--resume", "--on-error", "stop",
                "--log", "json", "--threads", Integer.toString(threads)));
        if (model != null) {
            c.addAll(List.of("--model", model));
        }
        return c;
    }

    /** The movie step: reads every frame back, writes the movies. */
    List<String> assembleCommand() {
        List<String> c = new ArrayList<>(List.of(facemat, "farm", "assemble", input, "--frames",
                plan.first() + "-" + plan.last(), "--from", exr, "--log", "json"));
        for (String m : movies) {
            c.addAll(List.of("--out", m));
        }
        return c;
    }

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** One word for a POSIX shell: as is when safe, else in single quotes. */
    static String quote(String s) {
        if (!s.isEmpty() && SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    static String shell(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            // farm placeholders stay unquoted so that the farm manager or the shell substitutes them
            b.append(w.startsWith("#FRAME_") || w.startsWith("\"$") || w.startsWith("{{") ? w : quote(w));
        }
        return b.toString();
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Path write(Path file, String text, boolean executable) throws IOException {
        org.facemat.io.AtomicFile af = new org.facemat.io.AtomicFile(file);
        try {
            Files.writeString(af.temp(), text, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (executable) {
                try {
                    Files.setPosixFilePermissions(af.temp(), PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: run it with bash
                }
            }
        } catch (IOException e) {
            af.abort();
            throw e;
        }
        af.commit();
        return file;
    }

    /**
     * OpenCue: a job spec (cjsl 1.16 DTD) with a Render layer over the shot's range, chunked with {@code <chunk>}
     * ({@code #FRAME_START#}/{@code #FRAME_END#} are the chunk's first and last frame), and a Post layer, which
     * OpenCue runs after the job's other layers have finished.
     */
    static final class OpenCue {
        private OpenCue() {
        }

        static List<Path> write(FarmJob j, Path dir, String show, String shot, String user) throws IOException {
            ChunkPlan p = j.plan();
            StringBuilder x = new StringBuilder();
            x.append("<?xml version=\"1.0\"?>\n");
            x.append("<!DOCTYPE spec PUBLIC \"SPI Cue Specification Language\" "
                    + "\"http://localhost:8080/spcue/dtd/cjsl-1.16.dtd\">\n");
            x.append("<!-- FaceMat shot render: ").append(p.chunks().size()).append(" chunk(s) of ")
                    .append(p.chunkSize()).append(" frames, pre-roll ").append(Preroll.text(p.preroll()))
                    .append(". Submit with cueadmin or pycue (see docs/farm.md). -->\n");
            x.append("<spec>\n");
            x.append("  <show>").append(xml(token(show))).append("</show>\n");
            x.append("  <shot>").append(xml(token(shot))).append("</shot>\n");
            x.append("  <user>").append(xml(token(user))).append("</user>\n");
            x.append("  <job name=\"").append(xml(j.name())).append("\">\n");
            x.append("    <paused>False</paused>\n");
            x.append("    <maxretries>3</maxretries>\n");
            x.append("    <env>\n      <key name=\"FACEMAT_JAVA_OPTS\">-Xmx4g</key>\n    </env>\n");
            x.append("    <layers>\n");
            x.append("      <layer name=\"render\" type=\"Render\">\n");
            x.append("        <cmd>").append(xml(shell(j.renderCommand("#FRAME_START#-#FRAME_END#"))))
                    .append("</cmd>\n");
            x.append("        <range>").append(p.first()).append('-').append(p.last()).append("</range>\n");
            x.append("        <chunk>").append(p.chunkSize()).append("</chunk>\n");
            x.append("        <cores>").append(j.threads()).append("</cores>\n");
            x.append("        <memory>6g</memory>\n");
            x.append("        <services>\n          <service>shell</service>\n        </services>\n");
            x.append("      </layer>\n");
            if (!j.movies().isEmpty()) {
                x.append("      <layer name=\"movie\" type=\"Post\">\n");
                x.append("        <cmd>").append(xml(shell(j.assembleCommand()))).append("</cmd>\n");
                x.append("        <range>").append(p.first()).append("</range>\n");
                x.append("        <chunk>1</chunk>\n");
                x.append("        <cores>1</cores>\n");
                x.append("        <memory>4g</memory>\n");
                x.append("        <services>\n          <service>shell</service>\n        </services>\n");
                x.append("      </layer>\n");
            }
            x.append("    </layers>\n");
            x.append("  </job>\n");
            x.append("</spec>\n");
            return List.of(FarmJob.write(dir.resolve(j.name() + ".cue.xml"), x.toString(), false));
        }

        /** OpenCue names: no spaces or dots. */
        private static String token(String s) {
            String t = s.replaceAll("[^A-Za-z0-9_-]+", "_");
            return t.isEmpty() ? "facemat" : t;
        }
    }

    /**
     * Open Job Description (jobtemplate-2023-09, with the TASK_CHUNKING extension that AWS Deadline Cloud supports):
     * job parameters for the frame range and chunk size, a Render step whose task parameter is a CHUNK[INT] over the
     * range (each task receives a contiguous "S-E"), and a Movie step that depends on it.
     */
    static final class OpenJd {
        private OpenJd() {
        }

        static List<Path> write(FarmJob j, Path dir) throws IOException {
            ChunkPlan p = j.plan();
            Path bundle = dir.resolve(j.name() + ".openjd");
            StringBuilder y = new StringBuilder();
            y.append("# FaceMat shot render as an Open Job Description job template.\n");
            y.append("# Deadline Cloud: deadline bundle submit ").append(bundle.getFileName()).append('\n');
            y.append("specificationVersion: 'jobtemplate-2023-09'\n");
            y.append("extensions:\n  - TASK_CHUNKING\n");
            y.append("name: ").append(yaml("FaceMat " + j.name())).append('\n');
            y.append("parameterDefinitions:\n");
            y.append("  - name: Input\n    type: PATH\n    objectType: FILE\n    dataFlow: IN\n    default: ")
                    .append(yaml(j.input())).append('\n');
            y.append("  - name: OutputBase\n    type: STRING\n    description: ")
                    .append(yaml("base path of the frames: <base>.####.exr")).append("\n    default: ")
                    .append(yaml(j.base())).append('\n');
            y.append("  - name: Frames\n    type: STRING\n    description: ")
                    .append(yaml("frame range to render, S-E")).append("\n    default: ")
                    .append(yaml(p.first() + "-" + p.last())).append('\n');
            y.append("  - name: ChunkSize\n    type: INT\n    minValue: 1\n    default: ").append(p.chunkSize())
                    .append('\n');
            y.append("steps:\n");
            y.append("  - name: Render\n");
            y.append("    parameterSpace:\n");
            y.append("      taskParameterDefinitions:\n");
            y.append("        - name: Frame\n          type: CHUNK[INT]\n          range: \"{{Param.Frames}}\"\n");
            y.append("          chunks:\n            defaultTaskCount: \"{{Param.ChunkSize}}\"\n"
                    + "            rangeConstraint: CONTIGUOUS\n");
            y.append("    hostRequirements:\n      amounts:\n        - name: amount.worker.vcpu\n          min: ")
                    .append(j.threads()).append('\n');
            List<String> render = new ArrayList<>(j.renderCommand("{{Task.Param.Frame}}"));
            render.set(2, "{{Param.Input}}");
            y.append(script(withBaseParameter(render, j.base())));
            if (!j.movies().isEmpty()) {
                y.append("  - name: Movie\n");
                y.append("    dependencies:\n      - dependsOn: Render\n");
                List<String> asm = new ArrayList<>(j.assembleCommand());
                asm.set(3, "{{Param.Input}}");
                asm.set(5, "{{Param.Frames}}");
                y.append(script(withBaseParameter(asm, j.base())));
            }
            return List.of(FarmJob.write(bundle.resolve("template.yaml"), y.toString(), false));
        }

        /** Paths under the output base written with the OutputBase parameter, so that the job follows it. */
        private static List<String> withBaseParameter(List<String> words, String base) {
            List<String> w = new ArrayList<>();
            for (String s : words) {
                w.add(s.startsWith(base) ? "{{Param.OutputBase}}" + s.substring(base.length()) : s);
            }
            return w;
        }

        /** A step script: an embedded bash file that runs the command (so the exit code is the command's). */
        private static String script(List<String> command) {
            StringBuilder s = new StringBuilder();
            s.append("    script:\n");
            s.append("      actions:\n        onRun:\n          command: bash\n");
            s.append("          args: [\"{{Task.File.Run}}\"]\n");
            s.append("      embeddedFiles:\n        - name: Run\n          type: TEXT\n          data: |\n");
            s.append("            set -euo pipefail\n");
            s.append("            exec ").append(openJdShell(command)).append('\n');
            return s.toString();
        }

        /** Shell words where the OpenJD format strings stay inside double quotes, so values with spaces work. */
        private static String openJdShell(List<String> words) {
            StringBuilder b = new StringBuilder();
            for (String w : words) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(w.contains("{{") ? "\"" + w + "\"" : quote(w));
            }
            return b.toString();
        }

        /** A YAML double-quoted scalar. */
        private static String yaml(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    /**
     * Slurm: a job array with one task per chunk (the task works its chunk's range out from
     * {@code SLURM_ARRAY_TASK_ID}), a movie job that starts when every task has succeeded
     * ({@code --dependency=afterok}), and a submit script that queues both.
     */
    static final class Slurm {
        private Slurm() {
        }

        static List<Path> write(FarmJob j, Path dir) throws IOException {
            ChunkPlan p = j.plan();
            String logs = j.base() + ".logs";
            List<Path> files = new ArrayList<>();
            StringBuilder r = new StringBuilder();
            r.append("#!/bin/bash\n");
            r.append("# FaceMat shot render, one array task per chunk of ").append(p.chunkSize())
                    .append(" frames (pre-roll ").append(Preroll.text(p.preroll())).append(").\n");
            r.append("# Queue it with ").append(j.name()).append(".submit.sh (it also queues the movie job).\n");
            r.append("#SBATCH --job-name=").append(j.name()).append("-render\n");
            r.append("#SBATCH --array=0-").append(p.chunks().size() - 1).append('\n');
            r.append("#SBATCH --ntasks=1\n");
            r.append("#SBATCH --cpus-per-task=").append(j.threads()).append('\n');
            r.append("#SBATCH --output=").append(logs).append("/render-%A_%a.log\n");
            r.append("#SBATCH --requeue\n");
            r.append("set -euo pipefail\n");
            r.append("first=").append(p.first()).append(" last=").append(p.last()).append(" chunk=")
                    .append(p.chunkSize()).append('\n');
            r.append("i=${SLURM_ARRAY_TASK_ID:?run with sbatch (a job array task)}\n");
            r.append("s=$((first + i * chunk))\n");
            r.append("e=$((s + chunk - 1))\n");
            r.append("if [ \"$e\" -gt \"$last\" ]; then e=$last; fi\n");
            r.append("echo \"chunk $((i + 1)) of ").append(p.chunks().size())
                    .append(": frames $s-$e on $(hostname)\" >&2\n");
            r.append("exec ").append(shell(j.renderCommand("\"$s-$e\""))).append('\n');
            files.add(FarmJob.write(dir.resolve(j.name() + ".render.sbatch"), r.toString(), true));

            if (!j.movies().isEmpty()) {
                StringBuilder a = new StringBuilder();
                a.append("#!/bin/bash\n");
                a.append("# FaceMat: builds the movies from the rendered frames once every chunk has finished.\n");
                a.append("#SBATCH --job-name=").append(j.name()).append("-movie\n");
                a.append("#SBATCH --ntasks=1\n");
                a.append("#SBATCH --cpus-per-task=1\n");
                a.append("#SBATCH --output=").append(logs).append("/movie-%j.log\n");
                a.append("set -euo pipefail\n");
                a.append("exec ").append(shell(j.assembleCommand())).append('\n');
                files.add(FarmJob.write(dir.resolve(j.name() + ".movie.sbatch"), a.toString(), true));
            }

            StringBuilder s = new StringBuilder();
            s.append("#!/bin/bash\n");
            s.append("# Queues the FaceMat render of ").append(j.name())
                    .append(": the chunk array, then the movie job that waits for it.\n");
            s.append("# Prints render=<job id> and movie=<job id>. Extra arguments go to both sbatch calls\n");
            s.append("# (e.g. --partition=render --account=show).\n");
            s.append("set -euo pipefail\n");
            s.append("here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
            s.append("mkdir -p ").append(quote(logs)).append('\n');
            s.append("render=$(sbatch --parsable \"$@\" \"$here/").append(j.name()).append(".render.sbatch\")\n");
            s.append("render=${render%%;*}\n");
            s.append("echo \"render=$render\"\n");
            if (!j.movies().isEmpty()) {
                s.append("movie=$(sbatch --parsable --dependency=afterok:$render --kill-on-invalid-dep=yes \"$@\" "
                        + "\"$here/").append(j.name()).append(".movie.sbatch\")\n");
                s.append("movie=${movie%%;*}\n");
                s.append("echo \"movie=$movie\"\n");
            }
            files.add(FarmJob.write(dir.resolve(j.name() + ".submit.sh"), s.toString(), true));
            return files;
        }
    }
}

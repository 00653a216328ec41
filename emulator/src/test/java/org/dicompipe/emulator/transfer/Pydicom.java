package org.dicompipe.emulator.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks Debian's pydicom (not our codec) about files: the independent reference for what a file holds. */
final class Pydicom {

    private Pydicom() {
    }

    /**
     * Runs a Python expression over each file (as {@code ds}, read with pydicom.dcmread) and returns one output
     * line per file.
     */
    static List<String> eval(String expression, List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import sys, pydicom\n"
                        + "for f in sys.argv[1:]:\n"
                        + "    ds = pydicom.dcmread(f)\n"
                        + "    print(" + expression + ")\n"));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("pydicom failed: " + out);
        }
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}

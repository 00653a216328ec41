package org.dicompipe.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs dcmtk's dcmdump (an independent implementation) on a file. */
final class Dcmtk {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private Dcmtk() {
    }

    static Result dcmdump(Path file, String... options) throws IOException, InterruptedException {
        String[] cmd = new String[options.length + 2];
        cmd[0] = "dcmdump";
        System.arraycopy(options, 0, cmd, 1, options.length);
        cmd[cmd.length - 1] = file.toString();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dcmdump did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}

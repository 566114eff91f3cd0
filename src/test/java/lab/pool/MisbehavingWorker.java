package lab.pool;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.work.SleepWork;

/**
 * A worker for {@link ProcessPoolTest} ({@code MisbehavingWorker MODE MARKER_FILE}). Start modes
 * fail every time: {@code crash} (a stderr line, exit 1), {@code no-ready} (says nothing),
 * {@code bad-ready} (says hello). Request modes break on one request only, in whichever process
 * first creates MARKER_FILE; that and every later process (the replacements) then behave like
 * {@link WorkerMain}. After breaking, it lingers until its stdin ends, so the pool must end it.
 */
public final class MisbehavingWorker {

    private MisbehavingWorker() {}

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        InputStream in = new BufferedInputStream(System.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        switch (mode) {
            case "crash" -> {
                System.err.println("boom: this worker cannot start");
                System.err.println("second line of detail");
                System.exit(1);
            }
            case "no-ready" -> lingerUntilStdinEnds(in);
            case "bad-ready" -> {
                out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                lingerUntilStdinEnds(in);
            }
            default -> { }
        }
        if (!claim(Path.of(args[1]))) System.exit(WorkerMain.serve(in, out, new SleepWork()));
        out.write(Wire.ready());
        out.flush();
        Wire.Run run = Wire.parseRun(Wire.readLine(in));
        switch (mode) {
            case "garbage" -> out.write(new byte[] {0, (byte) 0xff, 'g', 'a', 'r', 'b', 'a', 'g', 'e', '\n'});
            case "endless-line" -> out.write(new byte[10_000]);
            case "wrong-id" -> out.write(Wire.done(run.id() + 1));
            case "close-output" -> out.close();
            case "exit" -> System.exit(1);
            case "silent" -> { }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        if (!mode.equals("close-output")) out.flush();
        lingerUntilStdinEnds(in);
    }

    /** True for the one process that creates the marker file first. */
    private static boolean claim(Path marker) throws IOException {
        try {
            Files.createFile(marker);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static void lingerUntilStdinEnds(InputStream in) throws IOException {
        while (in.read() != -1) {
            // ignore whatever comes
        }
        System.exit(0);
    }
}

package lab.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A folder of many small text files (ab's raw output: about 1,200 files of 1 KB, each a 4 KB block
 * on disk) committed as one zip beside it: entries in name order, every one dated 1980-01-01 (the
 * zip epoch, in no time zone), so the same files give the same archive. {@code unzip} or any zip
 * viewer opens it.
 */
public final class Archive {

    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Archive() {}

    /** Zips the files under {@code dir} that {@code include} accepts into {@code zip}, paths relative to {@code dir}; returns how many. */
    public static int zip(Path dir, Path zip, Predicate<Path> include) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).filter(include)
                    .sorted((a, b) -> dir.relativize(a).toString().compareTo(dir.relativize(b).toString())).toList();
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(9);
            for (Path f : files) {
                ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace('\\', '/'));
                e.setTimeLocal(ZIP_EPOCH);
                z.putNextEntry(e);
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        return files.size();
    }
}

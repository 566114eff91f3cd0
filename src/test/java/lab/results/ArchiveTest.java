package lab.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {

    @Test
    void theSameFilesGiveTheSameArchiveInNameOrder(@TempDir Path tmp) throws IOException {
        Path raw = Files.createDirectories(tmp.resolve("raw/trial-2"));
        Files.createDirectories(tmp.resolve("raw/trial-1"));
        Files.writeString(raw.resolve("sync_sleep-100ms_c1.txt"), "Requests per second:    9.90 [#/sec] (mean)\n");
        Files.writeString(tmp.resolve("raw/trial-1/sync_sleep-100ms_c1.txt"), "Requests per second:    9.80 [#/sec] (mean)\n");
        Files.writeString(tmp.resolve("raw/trial-1/sync_sleep.jfr"), "not archived");

        assertEquals(2, Archive.zip(tmp.resolve("raw"), tmp.resolve("a.zip"), f -> !f.toString().endsWith(".jfr")));
        Files.setLastModifiedTime(raw.resolve("sync_sleep-100ms_c1.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        Archive.zip(tmp.resolve("raw"), tmp.resolve("b.zip"), f -> !f.toString().endsWith(".jfr"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.zip")), Files.readAllBytes(tmp.resolve("b.zip")),
                "a file's time does not enter the archive");

        try (ZipFile zip = new ZipFile(tmp.resolve("a.zip").toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("trial-1/sync_sleep-100ms_c1.txt", "trial-2/sync_sleep-100ms_c1.txt"), names);
            assertEquals("Requests per second:    9.80 [#/sec] (mean)\n",
                    new String(zip.getInputStream(zip.getEntry(names.get(0))).readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

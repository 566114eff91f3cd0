package lab.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The simulation's per-request record ({@code records.csv}: {@code n,start_us,end_us,status}, µs
 * from the simulation's base), read back and placed on the schedule: each request gets its
 * intended send time, so latency counts the time a late send would hide (coordinated omission).
 *
 * @param requests ordered by arrival number
 * @param offsetUs when the schedule's time 0 fell, in µs from the base: the earliest (start −
 *                 intended) over all users, so a user's lag (start − intended − offset) is ≥ 0
 */
public record Records(Schedule schedule, List<Request> requests, long offsetUs) {

    /** One request: its place in the arrival order, when its user started and ended, and the status (0: no answer). */
    public record Request(long n, long startUs, long endUs, int status) {}

    /** A request set on the schedule: µs from the schedule's time 0. */
    public record Placed(Request request, int step, long intendedUs, long startUs, long endUs) {
        /** From the intended send time to the answer. */
        public double latencyMs() {
            return (endUs - intendedUs) / 1000.0;
        }

        /** How late the generator sent it. */
        public double lagMs() {
            return (startUs - intendedUs) / 1000.0;
        }
    }

    public static Records read(Path file, Schedule schedule) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), schedule);
    }

    public static Records parse(List<String> lines, Schedule schedule) {
        List<Request> requests = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split(",");
            if (f.length != 4) throw new IllegalArgumentException("not a request record: " + line);
            requests.add(new Request(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3])));
        }
        requests.sort(Comparator.comparingLong(Request::n));
        long offset = Long.MAX_VALUE;
        for (Request r : requests) {
            double intended = schedule.intendedSeconds(r.n());
            if (!Double.isNaN(intended)) offset = Math.min(offset, r.startUs() - Math.round(intended * 1e6));
        }
        return new Records(schedule, List.copyOf(requests), requests.isEmpty() ? 0 : offset);
    }

    /** Every request that the schedule placed, on its clock. */
    public List<Placed> placed() {
        List<Placed> out = new ArrayList<>();
        for (Request r : requests) {
            int step = schedule.stepOf(r.n());
            if (step < 0) continue;
            out.add(new Placed(r, step, Math.round(schedule.intendedSeconds(r.n()) * 1e6),
                    r.startUs() - offsetUs, r.endUs() - offsetUs));
        }
        return out;
    }

    /** The requests of one step. */
    public List<Placed> step(int index) {
        return placed().stream().filter(p -> p.step() == index).toList();
    }

    /** Users the schedule expected but the record lacks (the generator never started or never finished them). */
    public long missing() {
        return schedule.users() - placed().size();
    }
}

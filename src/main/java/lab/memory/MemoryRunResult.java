package lab.memory;

/**
 * One run of the memory run: one scenario in one pod with one heap setting, ramped until something
 * gave. {@code heap} is {@code default} (the JVM's 25 %) or a {@code MaxRAMPercentage} such as {@code 75%}.
 */
record MemoryRunResult(String scenario, int podMb, String heap, double maxHeapMb, double kbPerRequest,
                       long predictedInFlight, long inFlightAtFailure, Failure failure, String clientsGot,
                       String firstAnswer, long oomKills, String exitStatus, double peakMemoryMb,
                       String probeAfterFailure, String probeAfterRelease, String afterwards, double seconds) {

    /** In flight at failure per GiB of the pod's memory limit: the sizing table's figure. */
    long inFlightPerGb() {
        return Math.round(inFlightAtFailure * 1024.0 / podMb);
    }

    /** Reached ÷ predicted; NaN without a prediction. */
    double ofPrediction() {
        return predictedInFlight <= 0 ? Double.NaN : (double) inFlightAtFailure / predictedInFlight;
    }
}

package lab.compare;

/** One cell's outcome in one trial (numbered from 1): a row of {@code cells.csv}. */
public record TrialResult(int trial, CellResult result) {}

package lab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void aPercentileOfTooFewRequestsSaysItIsTheirMax() {
        assertEquals("max of 10: 2002", Numbers.quantile(0.99, "2002", 10));
        assertEquals("max of 99: 110 (109–112)", Numbers.quantile(0.99, "110 (109–112)", 99));
        assertEquals("110", Numbers.quantile(0.99, "110", 100));
        assertEquals("max of 999: 131", Numbers.quantile(0.999, "131", 999));
        assertEquals("131", Numbers.quantile(0.999, "131", 1000));
        assertEquals("max of 6: 109", Numbers.quantile(0.90, "109", 6));
        assertEquals("-", Numbers.quantile(0.99, "-", 3), "no number: nothing to qualify");
    }

    @Test
    void theRuleMatchesNearestRank() {
        // below 1/(1 − q) values the nearest-rank q-quantile is the largest; from there on it is not
        double[] hundred = new double[100];
        for (int i = 0; i < hundred.length; i++) hundred[i] = i;
        assertEquals(98, lab.load.StepStats.percentile(hundred, 0.99));
        assertEquals(98, lab.load.StepStats.percentile(java.util.Arrays.copyOf(hundred, 99), 0.99));
    }
}

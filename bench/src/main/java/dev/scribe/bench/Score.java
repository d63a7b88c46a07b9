package dev.scribe.bench;

import java.util.Locale;

/**
 * A JMH score and the half-width of its 99.9% confidence interval; NaN when missing or unknown.
 */
final class Score
{
    /** A figure the result files lack. */
    static final Score MISSING = new Score(Double.NaN, Double.NaN);

    private final double score;
    private final double error;

    Score(final double score, final double error)
    {
        this.score = score;
        this.error = error;
    }

    double score()
    {
        return score;
    }

    boolean isMissing()
    {
        return Double.isNaN(score);
    }

    /**
     * The score with a thousands separator and no decimals, and its error as a percentage of it; {@code -} if
     * missing.
     */
    @Override
    public String toString()
    {
        if (isMissing())
        {
            return "-";
        }
        final String value = String.format(Locale.ROOT, "%,.0f", score);
        return Double.isNaN(error) || 0 == score ? value :
            value + String.format(Locale.ROOT, " ± %.1f%%", 100 * error / score);
    }

    /**
     * The score with one decimal and its error in the same unit, for small figures such as bytes per operation;
     * {@code -} if missing.
     */
    String toStringOneDecimal()
    {
        if (isMissing())
        {
            return "-";
        }
        final String value = String.format(Locale.ROOT, "%,.1f", score);
        return Double.isNaN(error) ? value : value + String.format(Locale.ROOT, " ± %,.1f", error);
    }
}

package dev.scribe.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * Writes SVG elements as text, coordinates to a tenth of a pixel, text escaped. Colours and strokes are attributes,
 * so a plot reads the same copied out of the page; fonts come from the page's style.
 */
final class Svg
{
    /** Colours of the lines of a chart, in order: distinguishable with the common colour blindnesses. */
    static final List<String> PALETTE = List.of(
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#4d4d4d", "#a6761d");
    /** Colour of axes and whiskers. */
    static final String INK = "#1f2937";
    /** Colour of grid lines. */
    static final String GRID = "#e5e7eb";
    /** Colour of secondary text. */
    static final String MUTED = "#4b5563";

    private final StringBuilder out = new StringBuilder();

    /**
     * Open the {@code svg} element.
     *
     * @param width  its width in pixels; it scales down with the page.
     * @param height its height in pixels.
     * @param label  what it shows, for screen readers.
     * @param kind   the chart's kind, a class name for the page's checks.
     */
    Svg(final int width, final int height, final String label, final String kind)
    {
        out.append("<svg class=\"chart ").append(kind).append("\" viewBox=\"0 0 ").append(width).append(' ')
            .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
            .append("\" role=\"img\" aria-label=\"").append(escape(label)).append("\">\n");
    }

    Svg line(final double x1, final double y1, final double x2, final double y2, final String stroke,
        final double width, final String cssClass)
    {
        out.append("<line class=\"").append(cssClass).append("\" x1=\"").append(n(x1)).append("\" y1=\"")
            .append(n(y1)).append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2)).append("\" stroke=\"")
            .append(stroke).append("\" stroke-width=\"").append(n(width)).append("\"/>\n");
        return this;
    }

    Svg rect(final double x, final double y, final double width, final double height, final String fill,
        final String cssClass, final String title)
    {
        out.append("<rect class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
            .append("\" width=\"").append(n(Math.max(0, width))).append("\" height=\"").append(n(height))
            .append("\" fill=\"").append(fill).append("\">");
        title(title);
        out.append("</rect>\n");
        return this;
    }

    Svg circle(final double x, final double y, final double radius, final String fill, final String title)
    {
        out.append("<circle class=\"point\" cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"")
            .append(n(radius)).append("\" fill=\"").append(fill).append("\">");
        title(title);
        out.append("</circle>\n");
        return this;
    }

    Svg polyline(final List<double[]> points, final String stroke, final String title)
    {
        out.append("<polyline class=\"curve\" fill=\"none\" stroke=\"").append(stroke)
            .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
        String separator = "";
        for (final double[] point : points)
        {
            out.append(separator).append(n(point[0])).append(',').append(n(point[1]));
            separator = " ";
        }
        out.append("\">");
        title(title);
        out.append("</polyline>\n");
        return this;
    }

    /**
     * Text; {@code anchor} is {@code start}, {@code middle} or {@code end}.
     */
    Svg text(final double x, final double y, final String anchor, final String cssClass, final String fill,
        final String text)
    {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
            .append("\" text-anchor=\"").append(anchor).append("\" fill=\"").append(fill).append("\">")
            .append(escape(text)).append("</text>\n");
        return this;
    }

    /**
     * Text turned a quarter anticlockwise about its anchor, for a vertical axis's label.
     */
    Svg verticalText(final double x, final double y, final String cssClass, final String text)
    {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
            .append("\" text-anchor=\"middle\" fill=\"").append(INK).append("\" transform=\"rotate(-90 ")
            .append(n(x)).append(' ').append(n(y)).append(")\">").append(escape(text)).append("</text>\n");
        return this;
    }

    Svg openGroup(final String cssClass, final String attributes)
    {
        out.append("<g class=\"").append(cssClass).append('"').append(attributes.isEmpty() ? "" : " " + attributes)
            .append(">\n");
        return this;
    }

    Svg closeGroup()
    {
        out.append("</g>\n");
        return this;
    }

    /**
     * Close the {@code svg} element.
     *
     * @return the whole element.
     */
    String finish()
    {
        return out.append("</svg>").toString();
    }

    private void title(final String title)
    {
        if (null != title && !title.isEmpty())
        {
            out.append("<title>").append(escape(title)).append("</title>");
        }
    }

    /**
     * Escape text for an element's content or a double-quoted attribute.
     */
    static String escape(final String text)
    {
        final StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&':
                    escaped.append("&amp;");
                    break;
                case '<':
                    escaped.append("&lt;");
                    break;
                case '>':
                    escaped.append("&gt;");
                    break;
                case '"':
                    escaped.append("&quot;");
                    break;
                default:
                    escaped.append(c);
                    break;
            }
        }
        return escaped.toString();
    }

    private static String n(final double value)
    {
        final String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}

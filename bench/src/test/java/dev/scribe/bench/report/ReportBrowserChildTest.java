package dev.scribe.bench.report;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The report page as a browser shows it: headless Chromium (Debian's package, {@code /usr/bin/chromium}) loads a
 * page rendered from a small fixed data set, runs its script, and gives back the DOM and a screenshot. Skipped where
 * no Chromium is installed; {@code .ci/run} installs it where it can.
 */
class ReportBrowserChildTest
{
    /** Where Debian's package installs Chromium; the system property {@value #CHROMIUM_PROP_NAME} overrides it. */
    static final String CHROMIUM_DEFAULT = "/usr/bin/chromium";
    static final String CHROMIUM_PROP_NAME = "scribe.test.chromium";

    private static final Duration QUIET_RUN = Duration.ofSeconds(20);
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 2600;
    private static final int SCRIBE_BLUE = 0x0072b2;

    private static Path chromium;

    @TempDir
    Path directory;

    @BeforeAll
    static void findChromium()
    {
        chromium = Path.of(System.getProperty(CHROMIUM_PROP_NAME, CHROMIUM_DEFAULT));
        assumeTrue(Files.isExecutable(chromium), "no Chromium at " + chromium + ": the report page is not checked " +
            "in a browser (install it with `apt-get install chromium`, or name one with -D" + CHROMIUM_PROP_NAME +
            "=PATH)");
    }

    @Test
    void scriptRunsAndEveryChartIsInTheRenderedPage() throws Exception
    {
        final Path page = page();

        final String dom = chromium("dump-dom", "--dump-dom", page.toUri().toString());

        assertTrue(dom.contains("data-ready=\"true\""), "the page's script ran to its end: " + head(dom));
        assertFalse(dom.contains("data-error"), "the page's script raised no error: " + head(dom));
        assertTrue(dom.contains("data-charts=\"" + ReportFixture.CHARTS + "\""), head(dom));
        final List<String> charts = HtmlReportTest.charts(dom);
        assertEquals(ReportFixture.CHARTS, charts.size());
        assertEquals(ReportFixture.BARS, HtmlReportTest.count(charts.get(1), "<rect class=\"bar "));
        assertEquals(ReportFixture.LATENCY_SERIES, HtmlReportTest.count(charts.get(2), "<polyline class=\"curve\""));
        assertEquals(ReportFixture.RECOVERY_POINTS, HtmlReportTest.count(charts.get(3), "<circle class=\"point\""));
        assertEquals(ReportFixture.LOAD_POINTS, HtmlReportTest.count(charts.get(0), "<circle class=\"point\""));
    }

    @Test
    void screenshotShowsTheBars() throws Exception
    {
        final Path page = page();
        final Path png = directory.resolve("page.png");

        chromium("screenshot", "--hide-scrollbars", "--window-size=" + WIDTH + "," + HEIGHT,
            "--screenshot=" + png, page.toUri().toString());

        assertTrue(Files.size(png) > 0, "Chromium wrote the screenshot");
        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "the screenshot is a PNG");
        assertEquals(WIDTH, image.getWidth());
        final Set<Integer> colours = new HashSet<>();
        int blue = 0;
        for (int y = 0; y < image.getHeight(); y += 2)
        {
            for (int x = 0; x < image.getWidth(); x += 2)
            {
                final int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                blue += SCRIBE_BLUE == rgb ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 50, "the screenshot is not blank: " + colours.size() + " colours");
        assertTrue(blue > 200, "Scribe's bars and lines are drawn in their colour: " + blue + " pixels sampled");
    }

    private Path page() throws IOException
    {
        final Path page = directory.resolve("report.html");
        Files.writeString(page, HtmlReport.render(ReportFixture.report()), StandardCharsets.UTF_8);
        return page;
    }

    /**
     * Run headless Chromium as this machine needs it, in a profile of its own, and return what it printed.
     */
    private String chromium(final String name, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + Files.createDirectory(directory.resolve("profile-" + name))));
        command.addAll(List.of(args));
        final Path out = directory.resolve(name + ".out");
        final Path err = directory.resolve(name + ".err");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .start();
        try
        {
            final Duration deadline = Deadlines.scaled(QUIET_RUN);
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS))
            {
                fail("Chromium's " + name + " did not finish within " + deadline + ": " + Files.readString(err));
            }
            assertEquals(0, process.exitValue(), "Chromium's " + name + " failed: " + Files.readString(err));
            return Files.readString(out, StandardCharsets.UTF_8);
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static String head(final String dom)
    {
        final int body = dom.indexOf("<body");
        return body < 0 ? dom.substring(0, Math.min(400, dom.length())) :
            dom.substring(body, Math.min(dom.length(), body + 300));
    }
}

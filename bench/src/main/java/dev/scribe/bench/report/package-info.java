/**
 * The benchmark report as data and as a page: {@link dev.scribe.bench.report.Report} holds what a run measured
 * (bar charts of throughput with their errors and ratios, line charts of latency percentiles and recovery times,
 * tables, and the machine and settings of the run); {@link dev.scribe.bench.report.ReportJson} writes it to
 * {@code report.json} and reads it back; {@link dev.scribe.bench.report.HtmlReport} renders it as one self-contained
 * HTML page whose charts are inline SVG drawn here ({@code BarPlot}, {@code LinePlot}, on {@code AxisScale}s), with
 * no external script, style or font.
 *
 * <p>Nothing here runs a benchmark: {@link dev.scribe.bench.BenchReport} runs them and builds the report.
 */
package dev.scribe.bench.report;

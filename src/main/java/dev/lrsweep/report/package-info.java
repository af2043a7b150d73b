/**
 * The report page, {@code report.html}, free of Spark: what it shows of a sweep ({@link SweepReport}: the answer,
 * the groups, every trial and its downsampled curve), how curves are downsampled ({@link CurveSketch},
 * {@link Lttb}, {@link PointBudget}), and the self-contained HTML file with Apache ECharts and the data embedded
 * ({@link ReportPage}). The Spark layer reads the tables and hands them here.
 */
package dev.lrsweep.report;

import { formatTable } from "./format-table";
import type { SectionResult } from "./section-result";

export interface BenchmarkReport {
  sections: SectionResult[];
  environment: Record<string, string>;
  /** Wall time of the whole benchmark run, in milliseconds. */
  durationMs: number;
  quick: boolean;
}

/** Renders the figures of a benchmark run as the BENCHMARKS.md page. */
export function renderBenchmarksMarkdown(report: BenchmarkReport): string {
  const targets = report.sections.flatMap((section) =>
    section.targets.map((target) => [section.title, target.target, target.measured, target.met ? "met" : "**missed**"]),
  );
  const minutes = (report.durationMs / 60_000).toFixed(1);

  const parts = [
    "# Benchmarks",
    "",
    "<!-- Written by `npm run bench` (bench/run-benchmarks.ts); edit the scripts, not this file. -->",
    "",
    "How much time and memory Buildlab itself adds to what it measures, and how its history pages and live view hold up at scale.",
    `Every figure below comes from one run of \`npm run bench\`${report.quick ? " -- --quick (reduced sizes: these figures say little)" : " at full size"}, which took ${minutes} minutes.`,
    "Each section measures its sides in the same run, interleaved, and gives n, median, min, max and the interquartile range (IQR).",
    "Other people's builds and tests may share this machine, so the load average is recorded and the spread matters as much as the median.",
    "",
    "Run it again with `npm run bench` (about 15 minutes on 2 cores; needs the lab from `scripts/lab.sh`, Debian's Chromium and a production build from `npx next build`).",
    "`npm run bench -- --quick` runs every section at about a tenth of its size and leaves this page as it is; `--only=overhead,packing,history,live` runs some sections.",
    "",
    "## Targets",
    "",
    formatTable(["Section", "Target", "Measured", "Result"], targets),
    "",
    "## Environment",
    "",
    formatTable(["What", "Value"], Object.entries(report.environment)),
  ];

  for (const section of report.sections) {
    parts.push("", `## ${section.title}`, "", "### Method", "", section.method, "", "### Figures", "", section.figures);
    if (section.analysis) parts.push("", "### What limits it", "", section.analysis);
  }
  return `${parts.join("\n")}\n`;
}

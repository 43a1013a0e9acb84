export const SECTION_NAMES = ["overhead", "packing", "history", "live"] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** Sizes of one benchmark run. */
export interface BenchSizes {
  overheadRounds: number;
  overheadCli: boolean;
  packingRounds: number;
  packingFiles: number;
  packingBytes: number;
  historyComparisons: number;
  historyRequests: number;
  historyWarmUp: number;
  liveLines: number;
}

export interface BenchOptions {
  quick: boolean;
  sections: SectionName[];
  sizes: BenchSizes;
}

// Sized to finish in about 15 minutes on a 2-core machine; the targets are stated for these sizes.
const FULL: BenchSizes = {
  overheadRounds: 10,
  overheadCli: true,
  packingRounds: 5,
  packingFiles: 10_000,
  packingBytes: 200 * 1024 * 1024,
  historyComparisons: 10_000,
  historyRequests: 50,
  historyWarmUp: 3,
  liveLines: 50_000,
};

// About a tenth of the work, to check that every section runs. Its figures mean little.
const QUICK: BenchSizes = {
  overheadRounds: 1,
  overheadCli: true,
  packingRounds: 1,
  packingFiles: 2_000,
  packingBytes: 40 * 1024 * 1024,
  historyComparisons: 1_000,
  historyRequests: 20,
  historyWarmUp: 2,
  liveLines: 5_000,
};

export const USAGE = `Usage: npm run bench -- [--quick] [--only=${SECTION_NAMES.join(",")}]
  --quick   run every section at about a tenth of its size; BENCHMARKS.md is not written
  --only    run only the named sections; BENCHMARKS.md is written only when all run at full size`;

/** Parses the benchmark's command-line flags; throws with the usage text on an unknown one. */
export function parseBenchOptions(args: string[]): BenchOptions {
  let quick = false;
  let sections: SectionName[] = [...SECTION_NAMES];

  for (const arg of args) {
    if (arg === "--quick") {
      quick = true;
    } else if (arg.startsWith("--only=")) {
      const names = arg.slice("--only=".length).split(",").filter(Boolean);
      const unknown = names.filter((name) => !(SECTION_NAMES as readonly string[]).includes(name));
      if (unknown.length || names.length === 0) throw new Error(`Unknown section in ${arg}: use some of ${SECTION_NAMES.join(", ")}.\n${USAGE}`);
      sections = SECTION_NAMES.filter((name) => names.includes(name));
    } else {
      throw new Error(`Unknown option ${arg}.\n${USAGE}`);
    }
  }

  return { quick, sections, sizes: quick ? QUICK : FULL };
}

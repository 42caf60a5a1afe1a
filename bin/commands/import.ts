// `chorus import`: FERPlus folders and generic manifests into a project.
import { importFerplusFolder } from "../../lib/import/ferplus";
import { importManifest } from "../../lib/import/manifest";
import type { ImportSummary } from "../../lib/import/types";
import { parseCommandArgs, requireOption, UsageError } from "../args";
import type { Command } from "../command";
import { progressPrinter } from "../progress";

const SPLITS = ["train", "valid", "test", "none"] as const;

function printSummary(summary: ImportSummary, json: boolean) {
  if (json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(
    `imported into "${summary.project}": ${summary.images} images, ${summary.votes} votes ` +
      `(${summary.existing} already there, ${summary.skipped.length} skipped) in ${summary.seconds.toFixed(1)} s`,
  );
  for (const row of summary.skipped) {
    console.log(`  skipped ${row.line === null ? "" : `line ${row.line} `}${row.name}: ${row.reason}`);
  }
}

const command: Command = {
  summary: "import images and crowd votes (FERPlus folder or manifest CSV/JSONL)",
  usage:
    "chorus import --project <name> --format ferplus|manifest [--split train|valid|test|none] " +
    "[--labels a,b,c] [--json] <dir or manifest file>",
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        project: { type: "string" },
        format: { type: "string" },
        split: { type: "string" },
        labels: { type: "string" },
        json: { type: "boolean", default: false },
      },
      true,
    );
    const projectName = requireOption(values.project, "project");
    const format = requireOption(values.format, "format");
    if (positionals.length !== 1) throw new UsageError("give exactly one folder or manifest file to import");
    const source = positionals[0]!;
    if (values.split !== undefined && !SPLITS.includes(values.split as (typeof SPLITS)[number])) {
      throw new UsageError(`--split must be one of ${SPLITS.join(", ")}`);
    }
    const split =
      values.split === undefined ? undefined : values.split === "none" ? null : (values.split as "train");
    const onProgress = progressPrinter("import");
    let summary: ImportSummary;
    if (format === "ferplus") {
      summary = await importFerplusFolder({ projectName, dir: source, split, onProgress });
    } else if (format === "manifest") {
      const labels = values.labels?.split(",").map((l) => l.trim());
      summary = await importManifest({ projectName, file: source, split, labels, onProgress });
    } else {
      throw new UsageError(`unknown --format "${format}" (ferplus or manifest)`);
    }
    printSummary(summary, values.json === true);
  },
};

export default command;

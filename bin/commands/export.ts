// `chorus export`: a project (or a filtered part of it) as CSV, JSONL, Parquet or the FERPlus layout.
import { exportToDisk } from "../../lib/export/destination";
import {
  EXPORT_FORMATS,
  exportFiltersSchema,
  exportFormatSchema,
  parseSplitList,
} from "../../lib/export/options";
import { AppError } from "../../lib/errors";
import { findProjectByName } from "../../lib/projects/projects";
import { parseCommandArgs, requireOption, UsageError } from "../args";
import type { Command } from "../command";
import { progressPrinter } from "../progress";

const command: Command = {
  summary: "export soft labels (csv, jsonl, parquet, ferplus) with a dataset card",
  usage:
    `chorus export --project <name> --format ${EXPORT_FORMATS.join("|")} --out <file, folder or .zip> ` +
    "[--split train,valid,test] [--majority <label>] [--min-votes N] [--entropy-min x] [--entropy-max y] [--json]",
  async run(args) {
    const { values } = parseCommandArgs(args, {
      project: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      split: { type: "string" },
      majority: { type: "string" },
      "min-votes": { type: "string" },
      "entropy-min": { type: "string" },
      "entropy-max": { type: "string" },
      json: { type: "boolean", default: false },
    });
    const projectName = requireOption(values.project, "project");
    const out = requireOption(values.out, "out");
    const format = exportFormatSchema.safeParse(requireOption(values.format, "format"));
    if (!format.success) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(", ")}`);
    const filters = exportFiltersSchema.safeParse({
      splits: parseSplitList(values.split),
      majority: values.majority,
      minVotes: values["min-votes"],
      entropyMin: values["entropy-min"],
      entropyMax: values["entropy-max"],
    });
    if (!filters.success) {
      const issue = filters.error.issues[0]!;
      const option = {
        splits: "split",
        minVotes: "min-votes",
        entropyMin: "entropy-min",
        entropyMax: "entropy-max",
      }[String(issue.path[0])];
      throw new UsageError(`--${option ?? String(issue.path[0])}: ${issue.message}`);
    }
    const project = await findProjectByName(projectName);
    if (!project) throw new AppError("not_found", `no project named "${projectName}"`, { field: "project" });
    const started = performance.now();
    const result = await exportToDisk({
      projectId: project.id,
      format: format.data,
      filters: filters.data,
      out,
      onProgress: progressPrinter("export"),
    });
    const seconds = (performance.now() - started) / 1000;
    if (values.json) {
      console.log(
        JSON.stringify({
          out: result.out,
          kind: result.kind,
          format: result.format,
          seconds,
          ...result.summary,
        }),
      );
    } else {
      console.log(
        `exported "${project.name}" as ${result.format} (${result.kind}) to ${result.out}: ` +
          `${result.summary.images} images, ${result.summary.votes} votes in ${seconds.toFixed(1)} s`,
      );
    }
  },
};

export default command;

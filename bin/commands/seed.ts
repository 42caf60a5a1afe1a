// `chorus seed`: create the demo project (synthetic faces, or a FERPlus folder).
import { importFerplusFolder } from "../../lib/import/ferplus";
import { seedSyntheticProject, SYNTHETIC_DEMO_PROJECT } from "../../lib/demo/seed";
import { parseCommandArgs, UsageError } from "../args";
import type { Command } from "../command";
import { progressPrinter } from "../progress";

const command: Command = {
  summary: "create a demo project: synthetic faces with simulated votes, or a FERPlus folder",
  usage:
    "chorus seed [--project <name>] [--synthetic <count>] [--votes <per face>] [--seed N] [--ferplus <dir>] [--json]",
  async run(args) {
    const { values } = parseCommandArgs(args, {
      project: { type: "string" },
      synthetic: { type: "string" },
      votes: { type: "string" },
      seed: { type: "string" },
      ferplus: { type: "string" },
      json: { type: "boolean", default: false },
    });
    const onProgress = progressPrinter("seed");
    const number = (value: string | undefined, name: string, fallback: number) => {
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
        throw new UsageError(`--${name} must be a positive integer`);
      return n;
    };
    const summary = values.ferplus
      ? await importFerplusFolder({
          projectName: values.project ?? "FER+ demo",
          dir: values.ferplus,
          onProgress,
        })
      : await seedSyntheticProject({
          projectName: values.project ?? SYNTHETIC_DEMO_PROJECT,
          count: number(values.synthetic, "synthetic", 400),
          votesPerFace: number(values.votes, "votes", 10),
          seed: number(values.seed, "seed", 1),
          onProgress,
        });
    console.log(
      values.json
        ? JSON.stringify(summary)
        : `"${summary.project}": ${summary.images} images, ${summary.votes} votes (${summary.existing} already there)`,
    );
  },
};

export default command;

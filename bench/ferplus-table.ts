// Renders one bench:ferplus run's report (bench/results/<out>.md): one row per paradigm, like the
// FERPlus paper's Table 1. Several runs are merged by bench/ferplus-summary.ts.
import type { Metrics, TrainSettings } from "../lib/model";

export type ParadigmRow = {
  paradigm: string;
  valid: Metrics;
  bestEpoch: number;
  minutes: number;
  cpuMinutes: number;
  epochs: {
    epoch: number;
    trainLoss: number;
    accuracy: number;
    klToCrowd: number;
    ece: number;
    imagesPerSecond: number;
  }[];
};

export type TableContext = {
  date: string;
  machine: string;
  backend: string;
  settings: TrainSettings;
  trainImages: number;
  validImages: number;
  /** Paradigms trained side by side (child processes). */
  jobs: number;
};

export const percent = (value: number) => (value * 100).toFixed(2);

/** "neutral 86.53, happiness 94.20, ...": per-class accuracy in percent. */
export const perClassText = (perClass: Record<string, number>) =>
  Object.entries(perClass)
    .map(([name, value]) => `${name} ${percent(value)}`)
    .join(", ");

/** Markdown report of one bench:ferplus run. */
export function renderFerplusTable(context: TableContext, rows: ParadigmRow[]): string {
  const s = context.settings;
  const lines = [
    "# FER+ paradigms: same model, data and budget (bench:ferplus)",
    "",
    `Run ${context.date} on ${context.machine}; backend ${context.backend}.`,
    `Train: ${context.trainImages} FER2013Train images (${s.limit ? `seeded subset, seed ${s.seed}` : "all"}); selection and scores: all ` +
      `${context.validImages} FER2013Valid images, FERPlus protocol (majority-mode images, 8 emotions).`,
    `Budget per paradigm: model ${s.modelSize}, ${s.minutes ? `${s.minutes} minutes` : `${s.epochs} epochs`}, ` +
      `${s.threads ?? "all"} thread(s), batch ${s.batchSize}, ${s.optimizer} lr ${s.learningRate} ` +
      `(${s.schedule}), augmentation ${s.augment ? `crop +-${s.cropPadding}px + flip` : "off"}, PLL candidates >= ${s.candidateMinVotes} votes.`,
    "",
    // The paradigm is each row's; the rest is shared.
    `All settings: \`${JSON.stringify({ ...s, paradigm: undefined })}\``,
    "",
    "| Paradigm | Valid accuracy (%) | KL to crowd | ECE | NLL | Valid images | Best epoch | Epochs run | Minutes (wall) | CPU minutes |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.paradigm} | ${percent(row.valid.accuracy)} | ${row.valid.klToCrowd.toFixed(3)} | ${row.valid.ece.toFixed(3)} | ` +
        `${row.valid.nll.toFixed(3)} | ${row.valid.images} | ${row.bestEpoch} | ${row.epochs.length} | ${row.minutes.toFixed(1)} | ${row.cpuMinutes.toFixed(1)} |`,
    ),
    "",
    "Per-class valid accuracy (%) of the selected epoch:",
    "",
    ...rows.map((row) => `- ${row.paradigm}: ${perClassText(row.valid.perClassAccuracy)}`),
    "",
    "Learning curves, valid accuracy (%) after each epoch:",
    "",
    ...rows.map(
      (row) => `- ${row.paradigm}: ${row.epochs.map((epoch) => percent(epoch.accuracy)).join(", ")}`,
    ),
    "",
    "Reference (not comparable: 100 epochs of VGG13 on all 28k images, on FER2013Test): FERPlus reported",
    "83.85 (majority), 84.72 (cross-entropy), 84.99 (PLD) % test accuracy (Barsoum et al. 2016, Table 1).",
    `Minutes are wall-clock on a shared 2-core machine with ${context.jobs} paradigm(s) training side by side; CPU minutes`,
    "are each training process's own CPU time (the fairer cost figure when the machine is loaded).",
    "",
  ];
  return lines.join("\n");
}

// One paradigm of bench:ferplus, run as a child process (so paradigms can train side by side on
// separate cores): DATABASE_URL, the project id and the settings come from the parent; the result
// row goes to stdout as one JSON line.
import { disconnectDb } from "../lib/db";
import { train, trainSettingsSchema } from "../lib/model";
import { loadLabeledSet } from "../lib/model-store/labeled-set";
import type { ParadigmRow } from "./ferplus-table";

const log = (message: string) =>
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function main() {
  const [projectArg, settingsArg] = process.argv.slice(2);
  const projectId = Number(projectArg);
  const settings = trainSettingsSchema.parse(JSON.parse(settingsArg ?? "{}"));
  const prefix = `${settings.paradigm}: `;
  const trainSet = await loadLabeledSet(projectId, "train", { limit: settings.limit, seed: settings.seed });
  const validSet = await loadLabeledSet(projectId, "valid");
  log(`${prefix}loaded ${trainSet.set.imageIds.length} train + ${validSet.set.imageIds.length} valid images`);
  const wallStart = Date.now();
  const cpuStart = cpuSeconds();
  const result = await train(
    { train: trainSet.set, valid: validSet.set, classes: trainSet.classes },
    settings,
    {
      log: (line) => log(prefix + line),
    },
  );
  const row: ParadigmRow & { backend: string; trainImages: number; validImages: number } = {
    paradigm: settings.paradigm,
    valid: result.best.valid,
    bestEpoch: result.best.epoch,
    minutes: (Date.now() - wallStart) / 60000,
    cpuMinutes: (cpuSeconds() - cpuStart) / 60,
    epochs: result.epochs.map((epoch) => ({
      epoch: epoch.epoch,
      trainLoss: epoch.trainLoss,
      accuracy: epoch.valid.accuracy,
      klToCrowd: epoch.valid.klToCrowd,
      ece: epoch.valid.ece,
      imagesPerSecond: epoch.imagesPerSecond,
    })),
    backend: result.backend,
    trainImages: trainSet.set.imageIds.length,
    validImages: validSet.set.imageIds.length,
  };
  result.model.dispose();
  process.stdout.write(JSON.stringify(row) + "\n");
  await disconnectDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

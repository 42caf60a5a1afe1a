// Why a project cannot train yet, in words a researcher can act on. Checked before a run starts,
// from the running counts (no pixels read): a training job that fails here is failed once and not
// retried (the error is a PermanentFailure), and the Models page shows the reason and the fix.
import { db } from "../db";
import { AppError } from "../errors";
import type { PermanentFailure } from "../jobs/job";
import { emotionLabelIndices } from "../projects/labels";
import { votedImagesBySplit, votedTrainLabels } from "./sql";

/** A project that cannot train as it stands: `reason` says why, `fix` what to do. */
export class CannotTrainError extends AppError implements PermanentFailure {
  readonly permanent = true;

  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super("unprocessable", `${reason}. ${fix}.`);
    this.name = "CannotTrainError";
  }
}

/** Throws a CannotTrainError unless the project has emotion labels, images, and voted train and valid images. */
export async function assertTrainable(project: { id: number; labels: string[] }): Promise<void> {
  const emotions = emotionLabelIndices(project.labels);
  if (emotions.length < 2) {
    throw new CannotTrainError(
      `This project has ${emotions.length === 0 ? "no emotion labels" : "only one emotion label"} (labels other than unknown and not_a_face), so a model has nothing to tell apart`,
      "Create a project with at least two emotion labels and upload its images there",
    );
  }
  if ((await db.image.count({ where: { projectId: project.id } })) === 0) {
    throw new CannotTrainError(
      "This project has no images yet",
      "Upload faces on the Settings page (files or one zip), then collect votes",
    );
  }
  // PostgreSQL arrays are 1-based. An image counts as voted when one of its votes names an emotion.
  const positions = emotions.map((index) => index + 1);
  const voted = await votedImagesBySplit(project.id, positions);
  const count = (split: string) => voted.find((row) => row.split === split)?.images ?? 0;
  if (count("train") === 0) {
    throw new CannotTrainError(
      "No image in the train split has an emotion vote yet",
      "Collect votes first (share an invite link from the Settings page); if voted images exist, check the split counts on the Settings page and re-split",
    );
  }
  if (count("valid") === 0) {
    throw new CannotTrainError(
      "No image in the valid split has an emotion vote yet, and training picks its best epoch on valid",
      "Collect votes on more images, or raise the valid share on the Settings page and re-split",
    );
  }
  const classes = await votedTrainLabels(project.id, positions);
  if (classes.length < 2) {
    const only = project.labels[classes[0]?.label ?? 0];
    throw new CannotTrainError(
      `Every emotion vote in the train split names the same label ("${only}"), so a model has nothing to tell apart`,
      "Collect votes on more varied images until the train split holds at least two different labels",
    );
  }
}

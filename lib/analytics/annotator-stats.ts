// Measures that need individual votes with known annotators: annotator profiles and Dawid-Skene.
// Imported crowd votes without an annotator id (FER+ label.csv) take no part here.
import { dawidSkene } from "../ambiguity/dawid-skene";
import { majority } from "../ambiguity/distribution";
import { annotatorProfiles, type AnnotatorProfile } from "../ambiguity/profiles";
import { db } from "../db";
import { statsVoteRows } from "./sql/annotators";

export interface AnnotatorRow extends AnnotatorProfile {
  name: string;
  /** "chorus" for signed-in annotators, "import" for annotators named by an imported manifest. */
  source: "chorus" | "import";
  /** Dawid-Skene accuracy: sum_c prior_c * P(answer c | true c). null without a fit. */
  dawidSkeneAccuracy: number | null;
}

export interface DawidSkeneSummary {
  votes: number;
  annotators: number;
  images: number;
  iterations: number;
  priors: Record<string, number>;
  /** Share of images whose Dawid-Skene label equals their majority label (over the same votes). */
  agreesWithMajority: number;
}

export interface AnnotatorStats {
  annotators: AnnotatorRow[];
  dawidSkene: DawidSkeneSummary | null;
}

/** Profiles and a Dawid-Skene fit over every vote of the project whose annotator is known. */
export async function computeAnnotatorStats(
  projectId: number,
  options: { runThreshold?: number; signal?: AbortSignal } = {},
): Promise<AnnotatorStats> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { labels: true } });
  const votes = await statsVoteRows(projectId);
  if (votes.length === 0) return { annotators: [], dawidSkene: null };
  const imageIds = [...new Set(votes.map((vote) => vote.image_id))];
  const images = await db.image.findMany({
    where: { id: { in: imageIds } },
    select: { id: true, counts: true },
  });
  const counts = new Map(images.map((image) => [image.id, image.counts]));
  options.signal?.throwIfAborted();

  const profiles = annotatorProfiles(
    votes.map((vote) => ({
      annotator: vote.annotator,
      image: vote.image_id,
      label: vote.label,
      durationMs: vote.duration_ms,
      at: vote.at,
    })),
    (image) => counts.get(image),
    { labelCount: project.labels.length, runThreshold: options.runThreshold },
  );

  const annotatorIndex = new Map(profiles.map((profile, index) => [profile.annotator, index]));
  const itemIndex = new Map(imageIds.map((id, index) => [id, index]));
  const fit = dawidSkene(
    votes.map((vote) => ({
      item: itemIndex.get(vote.image_id)!,
      annotator: annotatorIndex.get(vote.annotator)!,
      label: vote.label,
    })),
    { items: imageIds.length, annotators: profiles.length, labels: project.labels.length },
  );
  const names = new Map(votes.map((vote) => [vote.annotator, vote.name]));
  const majorityOfKnown = new Array<number[]>(imageIds.length);
  for (const vote of votes) {
    const item = itemIndex.get(vote.image_id)!;
    const row = (majorityOfKnown[item] ??= new Array<number>(project.labels.length).fill(0));
    row[vote.label]! += 1;
  }
  const agreeing = fit.labels.filter((label, item) => label === majority(majorityOfKnown[item] ?? [])).length;

  return {
    annotators: profiles.map((profile, index) => ({
      ...profile,
      name: names.get(profile.annotator) ?? profile.annotator.replace(/^external:/, ""),
      source: profile.annotator.startsWith("external:") ? "import" : "chorus",
      dawidSkeneAccuracy: fit.errors[index]
        ? fit.priors.reduce((sum, prior, c) => sum + prior * (fit.errors[index]![c]![c] ?? 0), 0)
        : null,
    })),
    dawidSkene: {
      votes: votes.length,
      annotators: profiles.length,
      images: imageIds.length,
      iterations: fit.iterations,
      priors: Object.fromEntries(project.labels.map((label, index) => [label, fit.priors[index] ?? 0])),
      agreesWithMajority: agreeing / imageIds.length,
    },
  };
}

// The dataset card (README.md) written with every export: what is in it, how the soft labels were
// computed, how much the crowd agreed, and the license and provenance the researcher filled in.
import type { ExportLayout } from "./layout";
import type { ExportFilters, ExportFormat } from "./options";
import { countColumns } from "./rows";
import type { ExportSummary } from "./summary";

export interface CardInput {
  project: {
    id: number;
    name: string;
    labels: readonly string[];
    license: string | null;
    provenance: string | null;
  };
  format: ExportFormat;
  filters: ExportFilters;
  summary: ExportSummary;
  model: { id: number; paradigm: string; publishedAt: Date | null } | null;
  exportedAt: Date;
  /** The files and fields of this export, from its writer. */
  layout: ExportLayout;
  bundle: boolean;
}

const fixed = (value: number | null, digits = 3) => (value === null ? "n/a" : value.toFixed(digits));
const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : "n/a");

function filterLines(filters: ExportFilters): string[] {
  const lines: string[] = [];
  if (filters.splits?.length) lines.push(`- split: ${filters.splits.join(", ")}`);
  if (filters.majority !== undefined) lines.push(`- majority label: ${filters.majority}`);
  if (filters.minVotes !== undefined) lines.push(`- at least ${filters.minVotes} votes`);
  if (filters.entropyMin !== undefined) lines.push(`- entropy >= ${filters.entropyMin} nats`);
  if (filters.entropyMax !== undefined) lines.push(`- entropy <= ${filters.entropyMax} nats`);
  return lines.length ? lines : ["- none: every image of the project"];
}

/** The card's Files and Fields sections, from the writer's layout of this very export. */
function layoutLines(layout: ExportLayout, bundle: boolean): string[] {
  const files = layout.files.map((file) =>
    file.path === "./" ? `- \`./\` (the root): ${file.what}.` : `- \`${file.path}\`: ${file.what}.`,
  );
  return [
    "## Files",
    ...(bundle ? [] : ["This download is the data file alone (no images, no folders)."]),
    ...files,
    "",
    "## Fields",
    "| field | meaning |",
    "| --- | --- |",
    ...layout.fields.map((field) => `| \`${field.name}\` | ${field.what} |`),
  ];
}

/** How each derived field was computed, for the fields this export has. */
function derivationLines(input: CardInput): string[] {
  const has = new Set(input.layout.fields.map((field) => field.name));
  const model = input.model;
  return [
    "- Counts: the number of votes for each label; every vote is one annotator's single choice.",
    ...(has.has("distribution")
      ? [
          "- `distribution`: counts divided by the image's number of votes (maximum-likelihood estimate, no smoothing; all zeros without votes).",
        ]
      : []),
    ...(has.has("entropy")
      ? ["- `entropy`: Shannon entropy of the distribution in nats, -sum p ln p (0 = unanimous)."]
      : []),
    ...(has.has("majority")
      ? [
          "- `majority`: the label with the most votes; ties go to the label that comes first in the label order (as numpy's argmax); empty without votes.",
        ]
      : []),
    ...(has.has("votes")
      ? [
          "- Annotators are pseudonymous: `annotator` is HMAC-SHA256 of a secret drawn for this export alone over the project and the annotator, " +
            "so it is stable within this export, differs in every other export and project, and is never an account or worker id. " +
            "Imported votes whose annotator was unknown have none.",
        ]
      : []),
    ...(has.has("prediction")
      ? [
          model
            ? `- \`prediction\`: the distribution predicted by model #${model.id} (${model.paradigm}), ` +
              `the latest published model${model.publishedAt ? `, published ${model.publishedAt.toISOString()}` : ""}.`
            : "- No model was published for this project: `prediction` is null.",
        ]
      : []),
  ];
}

/** The README.md text. */
export function renderCard(input: CardInput): string {
  const { project, summary } = input;
  const columns = countColumns(project.labels);
  const labelRows = project.labels.map(
    (label, i) =>
      `| ${i} | ${label} | ${columns[i]} | ${summary.votesByLabel[i] ?? 0} | ${percent(summary.votesByLabel[i] ?? 0, summary.votes)} | ${summary.majorityByLabel[i] ?? 0} |`,
  );
  const splitRows = (["train", "valid", "test", "none"] as const)
    .filter((s) => summary.imagesBySplit[s] > 0)
    .map((s) => `| ${s} | ${summary.imagesBySplit[s]} | ${summary.votesBySplit[s]} |`);
  const lines = [
    `# ${project.name}: soft-label dataset`,
    "",
    `Exported from Chorus on ${input.exportedAt.toISOString()} as \`${input.format}\`: ${summary.images} images, ${summary.votes} votes.`,
    "",
    ...layoutLines(input.layout, input.bundle),
    "",
    "## Selection",
    ...filterLines(input.filters),
    "",
    "## Label set",
    "Labels in this order everywhere (count columns, lists, vote indices):",
    "",
    "| index | label | column | votes | share of votes | majority of images |",
    "| --- | --- | --- | --- | --- | --- |",
    ...labelRows,
    "",
    "## Splits",
    "| split | images | votes |",
    "| --- | --- | --- |",
    ...(splitRows.length ? splitRows : ["| (none) | 0 | 0 |"]),
    "",
    `Votes per image: ${summary.minVotes ?? "n/a"} to ${summary.maxVotes ?? "n/a"}` +
      ` (${summary.imagesWithoutVotes} images without votes); mean entropy ${fixed(summary.meanEntropy)} nats.`,
    "",
    "## Agreement",
    `- Krippendorff's alpha (nominal): ${fixed(summary.alpha)}, over the ${summary.alphaImages} images with 2 or more votes ` +
      '(Krippendorff 2011, "Computing Krippendorff\'s Alpha-Reliability").',
    `- Fleiss' kappa: ${fixed(summary.kappa)}, over the ${summary.kappaImages} images with exactly ` +
      `${summary.kappaVotesPerImage ?? "n/a"} votes, the most common number (Fleiss 1971, Psychol. Bull. 76(5)).`,
    "",
    "Low agreement is not an error here: the disagreement is the signal this dataset keeps.",
    "",
    "## How the soft labels were computed",
    ...derivationLines(input),
    "",
    "## License",
    project.license?.trim() || "Not stated by the project's researchers.",
    "",
    "## Provenance",
    project.provenance?.trim() || "Not stated by the project's researchers.",
    "",
  ];
  return lines.join("\n");
}

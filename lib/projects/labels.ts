// Label sets. A project's labels are ordered; votes and count vectors use the same order.

/** FER+ label set in FERPlus's column order (microsoft/FERPlus, fer2013new.csv): 8 emotions, then the two non-emotion answers. */
export const FERPLUS_LABELS = [
  "neutral",
  "happiness",
  "surprise",
  "sadness",
  "anger",
  "disgust",
  "fear",
  "contempt",
  "unknown",
  "not_a_face",
] as const;

/** Labels that are answers about the image rather than emotions; `--emotions-only` drops them. */
export const NON_EMOTION_LABELS: readonly string[] = ["unknown", "not_a_face"];

/** Named label-set presets offered when creating a project. */
export const LABEL_PRESETS: Record<string, readonly string[]> = {
  ferplus: FERPLUS_LABELS,
};

/** Indices of the labels that are emotions (not `unknown` / `not_a_face`). */
export function emotionLabelIndices(labels: readonly string[]): number[] {
  return labels.flatMap((label, index) => (NON_EMOTION_LABELS.includes(label) ? [] : [index]));
}

/** The emotion classes of a label list (the labels a model predicts), in project order. */
export function emotionClasses(labels: readonly string[]): string[] {
  return labels.filter((label) => !NON_EMOTION_LABELS.includes(label));
}

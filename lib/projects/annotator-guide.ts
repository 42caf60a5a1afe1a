// The annotator's side of a project, as the researcher sets it: instructions before the first face
// (a small Markdown subset), example faces per label, a quota of faces per annotator ("n of N"), and
// the completion screen a crowd platform needs (a completion code and a return URL template).
import { z } from "zod";

/** Placeholders a return URL template may hold; each is replaced URL-encoded. */
export const COMPLETION_PLACEHOLDERS = ["{code}", "{workerId}"] as const;

/** Fills a return URL template; values are URL-encoded, so a worker id cannot change the URL's shape. */
export function fillCompletionUrl(
  template: string,
  values: { code: string; workerId: string | null },
): string {
  return template
    .replaceAll("{code}", encodeURIComponent(values.code))
    .replaceAll("{workerId}", encodeURIComponent(values.workerId ?? ""));
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** The settings keys of the guide, spread into the project settings schema (lib/projects/settings.ts). */
export const annotatorGuideSettings = {
  // Shown before the first face and on demand: paragraphs, # headings, - lists, **bold**, *italic*.
  instructions: z.string().max(20_000).default(""),
  // Example faces shown with the instructions: images of this project, each under one of its labels.
  instructionExamples: z
    .array(z.object({ label: z.string().min(1).max(100), imageId: z.number().int().positive() }))
    .max(60)
    .default([]),
  // Faces each annotator is asked for (0: no quota; the completion screen then follows the last face).
  tasksPerAnnotator: z.number().int().min(0).max(100_000).default(0),
  // Shown on the completion screen (e.g. a Prolific completion code).
  completionCode: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9_-]*$/, "letters, digits, _ and - only")
    .default(""),
  // Return URL, e.g. https://app.prolific.com/submissions/complete?cc={code}; {workerId} also allowed.
  completionUrl: z
    .string()
    .max(2000)
    .refine(
      (template) => template === "" || isHttpUrl(fillCompletionUrl(template, { code: "x", workerId: "x" })),
      "an http(s) URL, with {code} and {workerId} placeholders if wanted",
    )
    .default(""),
};

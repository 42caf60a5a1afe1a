// Turns a project's stored settings into the plain parameter objects of the quality functions.
import type { ProjectSettings } from "../projects/settings";
import type { AnnotatorCheckSettings } from "./annotator-checks";
import type { PolicySettings } from "./assignment-ranking";
import { dirichletPrior } from "./distributions";

/** Policy parameters for a project with `targetVotes` per image and project-wide label shares `labelPrior`. */
export function policySettingsFor(
  settings: ProjectSettings,
  targetVotes: number,
  labelPrior: readonly number[],
): PolicySettings {
  return {
    targetVotes,
    labelPrior,
    retirement: {
      rule: settings.settledRule,
      prior: dirichletPrior(labelPrior, settings.dirichletPriorStrength),
      entropyWidth: settings.settledEntropyWidth,
      expectedKl: settings.settledExpectedKl,
      minVotes: settings.settledMinVotes,
      maxVotes: targetVotes,
    },
    modelPriorStrength: settings.modelPriorStrength,
    randomShare: settings.activeRandomShare,
  };
}

/** Annotator-check thresholds of a project. */
export function annotatorCheckSettingsFor(settings: ProjectSettings): AnnotatorCheckSettings {
  return {
    minAnswerMs: settings.minAnswerMs,
    maxFastShare: settings.maxFastShare,
    straightLineRun: settings.straightLineRun,
    goldSmoothing: settings.goldSmoothing,
    minGoldSkill: settings.minGoldSkill,
    minGoldAnswers: settings.minGoldAnswers,
    minSelfAgreement: settings.minSelfAgreement,
    minRepeats: settings.minRepeats,
  };
}

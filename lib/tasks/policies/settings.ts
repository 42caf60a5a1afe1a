// Turns a project's stored settings into the plain parameter object of the assignment policies.
import { dirichletPrior } from "../../ambiguity/dirichlet";
import type { ProjectSettings } from "../../projects/settings";
import type { PolicySettings } from "./ranking";

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

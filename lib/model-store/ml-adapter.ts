// lib/model's exports as the ModelLib the store uses (loaded lazily by ml.ts: tfjs is heavy).
import type * as tf from "@tensorflow/tfjs";
import {
  deserializeModel,
  evaluate,
  initBackend,
  loadLabeledSet,
  predict,
  serializeModel,
  train,
  trainSettingsSchema,
  type ModelArtifacts,
} from "../model";
import type { ModelLib } from "./ml";
import { loadPixels } from "./pixels";

export const modelLib: ModelLib<tf.LayersModel> = {
  initBackend: () => initBackend(),
  parseSettings: (input) => trainSettingsSchema.parse(input),
  loadLabeledSet,
  loadPixels,
  async train(data, settings, { warmStart, ...options }) {
    let initialWeights: Float32Array[] | undefined;
    if (warmStart) {
      const model = await deserializeModel(warmStart as ModelArtifacts);
      initialWeights = model.getWeights().map((tensor) => tensor.dataSync() as Float32Array);
      model.dispose();
    }
    return train(data, trainSettingsSchema.parse(settings), { ...options, initialWeights });
  },
  evaluate,
  predict,
  serializeModel,
  deserializeModel: (artifacts) => deserializeModel(artifacts as ModelArtifacts),
  dispose: (model) => model.dispose(),
};

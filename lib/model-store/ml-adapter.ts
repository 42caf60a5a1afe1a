// lib/model's exports and this folder's loaders as the ModelLib the store uses (loaded lazily by ml.ts:
// tfjs is heavy).
import type * as tf from "@tensorflow/tfjs";
import {
  deserializeModel,
  disposeModel,
  evaluate,
  initBackend,
  encoderEmbeddings,
  initialWeightsFromEncoder,
  predict,
  serializeModel,
  train,
  trainSettingsSchema,
  type ModelArtifacts,
} from "../model";
import { loadLabeledSet } from "./labeled-set";
import type { ModelLib } from "./model-lib";
import { loadPixels } from "./pixels";

export const modelLib: ModelLib<tf.LayersModel> = {
  initBackend: () => initBackend(),
  parseSettings: (input) => trainSettingsSchema.parse(input),
  loadLabeledSet,
  loadPixels,
  async train(data, settings, { warmStart, encoder, ...options }) {
    let initialWeights: Float32Array[] | undefined;
    let embeddings: Float32Array[] | undefined;
    if (warmStart) {
      const model = await deserializeModel(warmStart as ModelArtifacts);
      initialWeights = model.getWeights().map((tensor) => tensor.dataSync() as Float32Array);
      disposeModel(model);
    } else if (encoder) {
      const trunk = await deserializeModel(encoder as ModelArtifacts);
      initialWeights = initialWeightsFromEncoder(
        trunk,
        data.classes.length,
        settings.modelSize,
        settings.seed,
      );
      // PLL's initial candidate weights also hear the encoder's features (lib/model/feature-prior.ts).
      if (settings.paradigm === "pll" && settings.featurePrior > 0)
        embeddings = encoderEmbeddings(trunk, data.train.pixels, data.train.imageIds.length);
      trunk.dispose();
    }
    return train(data, settings, { ...options, initialWeights, embeddings });
  },
  evaluate,
  predict,
  serializeModel,
  deserializeModel: (artifacts) => deserializeModel(artifacts as ModelArtifacts),
  dispose: (model) => disposeModel(model),
};

// Model artifacts as plain values so they fit model_versions (topology JSONB, weight_specs JSONB,
// weights BYTEA), via tfjs's in-memory IO handlers.
import * as tf from "@tensorflow/tfjs";
// Registers the recipe's custom layers, which stored models may contain.
import "./layers";

export type ModelArtifacts = {
  topology: object;
  weightSpecs: object[];
  weights: Buffer;
};

/** Serialises a LayersModel to topology JSON, weight specs and one concatenated weight buffer. */
export async function serializeModel(model: tf.LayersModel): Promise<ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!saved?.modelTopology || !saved.weightSpecs || !saved.weightData)
    throw new Error("model save produced no artifacts");
  const data = saved.weightData;
  const weights = Array.isArray(data)
    ? Buffer.concat(data.map((part) => Buffer.from(part)))
    : Buffer.from(data as ArrayBuffer);
  return {
    topology: saved.modelTopology as object,
    weightSpecs: saved.weightSpecs as unknown as object[],
    weights,
  };
}

/** Rebuilds a LayersModel from serialised artifacts (e.g. a model_versions row). */
export async function deserializeModel(artifacts: ModelArtifacts): Promise<tf.LayersModel> {
  const bytes = artifacts.weights;
  // Copy into a standalone ArrayBuffer: a Buffer may be a view into a larger shared pool.
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.topology,
      weightSpecs: artifacts.weightSpecs as unknown as tf.io.WeightsManifestEntry[],
      weightData,
    }),
  );
}

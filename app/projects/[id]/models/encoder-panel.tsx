// The Models page's pretraining panel (server-rendered): start a masked-image-modeling pretraining, and
// for each encoder when it ran, on how many faces, its reconstruction-loss curve, a picture of masked
// faces and their reconstructions, and the model versions fine-tuned from it.
import { describeInputNorm } from "@/lib/model-store/architecture";
import { loadEncoderViews, type EncoderView } from "@/lib/model-store/encoder-view";
import { EncoderLossCurve } from "./encoder-loss-curve";
import { PretrainForm } from "./pretrain-form";

export async function EncoderPanel({ projectId }: { projectId: number }) {
  const encoders = await loadEncoderViews(projectId);
  const running = encoders.some((encoder) => encoder.status === "training");
  return (
    <section className="dashboard models-page encoder-panel">
      <div className="card">
        <h2>Pretrained encoder</h2>
        <p className="muted small">
          Masked image modeling (SimMIM) teaches the network&apos;s convolutional layers to fill in hidden
          patches of every face, voted on or not, without labels. A training starts from it only when asked to
          (&ldquo;Start from&rdquo; in the Retrain form, or <code>chorus train --init</code>) and only with
          the same model size and input scaling: at this compute, training from scratch has done better.
        </p>
        <PretrainForm projectId={projectId} running={running} newestEncoderId={encoders[0]?.id ?? 0} />
        {encoders.length === 0 ? (
          <p className="muted">No encoder yet.</p>
        ) : (
          encoders.slice(0, 3).map((encoder) => <EncoderCard key={encoder.id} encoder={encoder} />)
        )}
      </div>
    </section>
  );
}

function EncoderCard({ encoder }: { encoder: EncoderView }) {
  const when = new Date(encoder.publishedAt ?? encoder.createdAt)
    .toISOString()
    .slice(0, 16)
    .replace("T", " ");
  const last = encoder.lossCurve.at(-1);
  const { settings } = encoder;
  return (
    <article className="encoder" aria-label={`Encoder ${encoder.id}`}>
      <h3>
        Encoder {encoder.id}: {encoder.status === "published" ? `pretrained ${when} UTC` : encoder.status}
      </h3>
      <p className="small">
        {encoder.faceCount} faces{settings.includeTest ? " (test split included)" : " (test split left out)"},
        model size {settings.modelSize}, mask ratio {settings.maskRatio}
        {encoder.inputNorm ? `, ${describeInputNorm(encoder.inputNorm)}` : ""}
        {last ? `, ${last.epoch} epochs, masked L1 ${last.loss.toFixed(4)}` : ""}
        {encoder.durationMs ? `, ${(encoder.durationMs / 60_000).toFixed(1)} min` : ""}
      </p>
      {encoder.error && <p className="form-error">{encoder.error}</p>}
      <p className="small">
        Used by:{" "}
        {encoder.models.length
          ? encoder.models.map((model) => `#${model.number}`).join(", ")
          : "no model version yet"}
      </p>
      <div className="encoder-body">
        <EncoderLossCurve curve={encoder.lossCurve} />
        {encoder.samples && (
          <figure>
            {/* A data: URL of a few kB, rendered at its natural size: next/image adds nothing here. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={encoder.samples} alt={`Faces, masked and reconstructed by encoder ${encoder.id}`} />
            <figcaption className="small muted">
              Original | masked input | masked patches predicted
            </figcaption>
          </figure>
        )}
      </div>
    </article>
  );
}

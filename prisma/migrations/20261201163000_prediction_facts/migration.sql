-- Crowd beside model in the gallery (issue 15): per prediction, the model's top label, its
-- confidence and its Jensen-Shannon divergence from the crowd, written by lib/analytics/prediction-facts.ts
-- (computed in TypeScript, where the divergence is defined) so the gallery can sort and filter on them.
ALTER TABLE "predictions" ADD COLUMN "top_label" INTEGER;
ALTER TABLE "predictions" ADD COLUMN "confidence" DOUBLE PRECISION;
ALTER TABLE "predictions" ADD COLUMN "divergence" DOUBLE PRECISION;

-- Keyset pages walk these in either direction: (sort value, image id) of one model.
CREATE INDEX "predictions_model_id_confidence_image_id_idx" ON "predictions"("model_id", "confidence", "image_id");
CREATE INDEX "predictions_model_id_divergence_image_id_idx" ON "predictions"("model_id", "divergence", "image_id");

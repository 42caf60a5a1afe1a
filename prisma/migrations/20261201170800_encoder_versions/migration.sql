-- Encoders pretrained by masked image modeling (docs/pretraining.md), versioned like model_versions,
-- and the encoder each model version fine-tuned from.
CREATE TABLE "encoder_versions" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "status" "ModelStatus" NOT NULL DEFAULT 'training',
    "face_count" INTEGER NOT NULL DEFAULT 0,
    "loss_curve" JSONB NOT NULL DEFAULT '[]',
    "samples_png" BYTEA,
    "backend" TEXT,
    "duration_ms" INTEGER,
    "topology" JSONB,
    "weight_specs" JSONB,
    "weights" BYTEA,
    "error" TEXT,
    "job_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMP(3),

    CONSTRAINT "encoder_versions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "encoder_versions_project_id_status_idx" ON "encoder_versions"("project_id", "status");

ALTER TABLE "encoder_versions" ADD CONSTRAINT "encoder_versions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "model_versions" ADD COLUMN "encoder_id" INTEGER;

ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_encoder_id_fkey" FOREIGN KEY ("encoder_id") REFERENCES "encoder_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Pretraining runs beat like training runs, so the reaper fails one whose process died (kill -9).
ALTER TABLE "encoder_versions" ADD COLUMN "heartbeat_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "heartbeat_at" TIMESTAMP(3);

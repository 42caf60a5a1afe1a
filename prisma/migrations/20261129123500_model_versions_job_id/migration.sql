-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "job_id" TEXT;

-- CreateIndex
CREATE INDEX "model_versions_job_id_idx" ON "model_versions"("job_id");

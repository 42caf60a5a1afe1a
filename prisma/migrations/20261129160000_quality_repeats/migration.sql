-- Hidden repeats (issue 7, lib/quality/repeats.ts): an image the annotator already voted on is
-- served to them again, looking like any other task, to measure their self-agreement. The second
-- answer lands here, never in "votes" (one vote per image and annotator: counts, exports and
-- training read that table). A row is created when the repeat is served (label NULL: pending) and
-- completed when it is answered; unique (annotator_id, image_id) means an image is repeated to an
-- annotator at most once. Repeats hold no task lease, so they never count toward a target.
-- CreateTable
CREATE TABLE "quality_repeats" (
    "id" BIGSERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "image_id" INTEGER NOT NULL,
    "annotator_id" TEXT NOT NULL,
    "first_vote_id" BIGINT NOT NULL,
    "first_label" INTEGER NOT NULL,
    "label" INTEGER,
    "duration_ms" INTEGER,
    "idempotency_key" TEXT,
    "served_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quality_repeats_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "quality_repeats_project_id_annotator_id_idx" ON "quality_repeats"("project_id", "annotator_id");

-- CreateIndex
CREATE UNIQUE INDEX "quality_repeats_annotator_id_image_id_key" ON "quality_repeats"("annotator_id", "image_id");

-- CreateIndex
CREATE UNIQUE INDEX "quality_repeats_annotator_id_idempotency_key_key" ON "quality_repeats"("annotator_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "quality_repeats" ADD CONSTRAINT "quality_repeats_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_repeats" ADD CONSTRAINT "quality_repeats_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_repeats" ADD CONSTRAINT "quality_repeats_annotator_id_fkey" FOREIGN KEY ("annotator_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

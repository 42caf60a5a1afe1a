-- CreateEnum
CREATE TYPE "Role" AS ENUM ('annotator', 'researcher', 'admin');

-- CreateEnum
CREATE TYPE "Split" AS ENUM ('train', 'valid', 'test');

-- CreateEnum
CREATE TYPE "VoteSource" AS ENUM ('chorus', 'import');

-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('training', 'published', 'failed');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" "Role" NOT NULL DEFAULT 'annotator',
    "worker_id" TEXT,
    "paused_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" TIMESTAMP(3),
    "refresh_token_expires_at" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifications" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "labels" TEXT[],
    "target_votes" INTEGER NOT NULL DEFAULT 3,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "license" TEXT,
    "provenance" TEXT,
    "owner_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_members" (
    "project_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "invites" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "project_id" INTEGER NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "image_blobs" (
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "image_blobs_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "images" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "external_name" TEXT NOT NULL,
    "split" "Split",
    "counts" INTEGER[],
    "vote_count" INTEGER NOT NULL DEFAULT 0,
    "entropy" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "votes" (
    "id" BIGSERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "image_id" INTEGER NOT NULL,
    "annotator_id" TEXT,
    "external_annotator_id" TEXT,
    "label" INTEGER NOT NULL,
    "duration_ms" INTEGER,
    "source" "VoteSource" NOT NULL DEFAULT 'chorus',
    "idempotency_key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_leases" (
    "project_id" INTEGER NOT NULL,
    "image_id" INTEGER NOT NULL,
    "annotator_id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_leases_pkey" PRIMARY KEY ("image_id","annotator_id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "paradigm" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "status" "ModelStatus" NOT NULL DEFAULT 'training',
    "vote_count" INTEGER NOT NULL,
    "epochs" JSONB NOT NULL DEFAULT '[]',
    "metrics" JSONB,
    "backend" TEXT,
    "duration_ms" INTEGER,
    "topology" JSONB,
    "weight_specs" JSONB,
    "weights" BYTEA,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMP(3),

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "predictions" (
    "model_id" INTEGER NOT NULL,
    "image_id" INTEGER NOT NULL,
    "distribution" DOUBLE PRECISION[],

    CONSTRAINT "predictions_pkey" PRIMARY KEY ("model_id","image_id")
);

-- CreateTable
CREATE TABLE "project_stats" (
    "project_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "vote_count" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_stats_pkey" PRIMARY KEY ("project_id","kind")
);

-- CreateTable
CREATE TABLE "export_jobs" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "status" "ExportStatus" NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "path" TEXT,
    "error" TEXT,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "export_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_key" ON "sessions"("token");

-- CreateIndex
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");

-- CreateIndex
CREATE INDEX "verifications_identifier_idx" ON "verifications"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "projects_name_key" ON "projects"("name");

-- CreateIndex
CREATE INDEX "project_members_user_id_idx" ON "project_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "invites_token_key" ON "invites"("token");

-- CreateIndex
CREATE INDEX "invites_project_id_idx" ON "invites"("project_id");

-- CreateIndex
CREATE INDEX "images_project_id_vote_count_idx" ON "images"("project_id", "vote_count");

-- CreateIndex
CREATE INDEX "images_project_id_entropy_idx" ON "images"("project_id", "entropy");

-- CreateIndex
CREATE INDEX "images_project_id_split_idx" ON "images"("project_id", "split");

-- CreateIndex
CREATE INDEX "images_sha256_idx" ON "images"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "images_project_id_external_name_key" ON "images"("project_id", "external_name");

-- CreateIndex
CREATE INDEX "votes_project_id_created_at_idx" ON "votes"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "votes_annotator_id_created_at_idx" ON "votes"("annotator_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "votes_image_id_annotator_id_key" ON "votes"("image_id", "annotator_id");

-- CreateIndex
CREATE UNIQUE INDEX "votes_annotator_id_idempotency_key_key" ON "votes"("annotator_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "votes_image_id_external_annotator_id_key" ON "votes"("image_id", "external_annotator_id");

-- CreateIndex
CREATE INDEX "task_leases_project_id_expires_at_idx" ON "task_leases"("project_id", "expires_at");

-- CreateIndex
CREATE INDEX "task_leases_annotator_id_idx" ON "task_leases"("annotator_id");

-- CreateIndex
CREATE INDEX "model_versions_project_id_status_created_at_idx" ON "model_versions"("project_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "predictions_image_id_idx" ON "predictions"("image_id");

-- CreateIndex
CREATE INDEX "export_jobs_project_id_created_at_idx" ON "export_jobs"("project_id", "created_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "images" ADD CONSTRAINT "images_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "images" ADD CONSTRAINT "images_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "image_blobs"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_annotator_id_fkey" FOREIGN KEY ("annotator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_leases" ADD CONSTRAINT "task_leases_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_leases" ADD CONSTRAINT "task_leases_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_leases" ADD CONSTRAINT "task_leases_annotator_id_fkey" FOREIGN KEY ("annotator_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_stats" ADD CONSTRAINT "project_stats_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Chorus: running vote counts and entropy, kept in step with the votes table by triggers so that
-- every path that writes votes (API, import, undo) updates them in the same transaction.
-- Prisma does not model functions or triggers; `prisma migrate diff` ignores them.

-- Shannon entropy in nats of a count vector (Shannon 1948): H = -sum p_i ln p_i, p_i = c_i / sum c.
CREATE FUNCTION chorus_entropy(counts INTEGER[]) RETURNS DOUBLE PRECISION
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(-SUM((c::float8 / t) * ln(c::float8 / t)), 0)
  FROM unnest(counts) AS c, (SELECT SUM(x)::float8 AS t FROM unnest(counts) AS x) AS total
  WHERE c > 0
$$;

CREATE FUNCTION chorus_images_entropy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.entropy := chorus_entropy(NEW.counts);
  RETURN NEW;
END $$;

CREATE TRIGGER images_entropy BEFORE INSERT OR UPDATE OF counts ON "images"
FOR EACH ROW EXECUTE FUNCTION chorus_images_entropy();

-- Bulk imports set `chorus.bulk_counts = on` for their transaction and write the counts themselves.
CREATE FUNCTION chorus_votes_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('chorus.bulk_counts', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE "images"
      SET counts[NEW.label + 1] = counts[NEW.label + 1] + 1, vote_count = vote_count + 1
      WHERE id = NEW.image_id AND NEW.label < cardinality(counts);
    IF NOT FOUND THEN
      RAISE EXCEPTION 'vote label % is outside the label set of image %', NEW.label, NEW.image_id
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "images"
      SET counts[OLD.label + 1] = counts[OLD.label + 1] - 1, vote_count = vote_count - 1
      WHERE id = OLD.image_id;
  ELSIF NEW.label IS DISTINCT FROM OLD.label OR NEW.image_id IS DISTINCT FROM OLD.image_id THEN
    RAISE EXCEPTION 'votes are immutable: delete and insert instead' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER votes_counts AFTER INSERT OR UPDATE OR DELETE ON "votes"
FOR EACH ROW EXECUTE FUNCTION chorus_votes_counts();

ALTER TABLE "votes" ADD CONSTRAINT "votes_label_check" CHECK ("label" >= 0);

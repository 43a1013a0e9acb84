-- CreateTable
CREATE TABLE "worker" (
    "id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "process_key" TEXT,
    "concurrency" JSONB NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),
    "stop_reason" TEXT,

    CONSTRAINT "worker_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "comparison" ADD COLUMN     "worker_id" UUID,
ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "claim_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cancel_requested_at" TIMESTAMPTZ(3),
ADD COLUMN     "submitted_by" TEXT,
ADD COLUMN     "share_created_at" TIMESTAMPTZ(3);

-- Share links are stored as the SHA-256 of their token from now on; links made before are revoked.
UPDATE "comparison" SET "share_token" = NULL WHERE "share_token" IS NOT NULL;

-- CreateIndex
CREATE INDEX "worker_heartbeat_at_idx" ON "worker"("heartbeat_at");

-- CreateIndex
CREATE INDEX "comparison_status_created_at_idx" ON "comparison"("status", "created_at");

-- CreateIndex
CREATE INDEX "comparison_worker_id_idx" ON "comparison"("worker_id");

-- CreateIndex
CREATE INDEX "comparison_submitted_by_status_idx" ON "comparison"("submitted_by", "status");

-- Comparisons left queued or running by a version without the job queue have no worker that could
-- finish them; they fail as that version's start-up recovery failed them.
UPDATE "run" SET "status" = 'failed', "finished_at" = CURRENT_TIMESTAMP,
    "error" = 'Buildlab stopped while this was queued or running; start it again.'
WHERE "status" IN ('queued', 'running');
UPDATE "comparison" SET "status" = 'failed', "finished_at" = CURRENT_TIMESTAMP,
    "error" = 'Buildlab stopped while this was queued or running; start it again.'
WHERE "status" IN ('queued', 'running');

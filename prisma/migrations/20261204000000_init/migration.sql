-- CreateTable
CREATE TABLE "comparison" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "source" TEXT NOT NULL,
    "dockerfile_path" TEXT NOT NULL DEFAULT 'Dockerfile',
    "dockerfile" TEXT NOT NULL,
    "context_digest" TEXT NOT NULL,
    "context_bytes" BIGINT NOT NULL,
    "context_files" INTEGER NOT NULL,
    "strategies" JSONB NOT NULL,
    "scenarios" TEXT[],
    "iterations" INTEGER NOT NULL DEFAULT 1,
    "schedule" TEXT NOT NULL DEFAULT 'sequential',
    "environment" JSONB,
    "share_token" TEXT,

    CONSTRAINT "comparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run" (
    "id" UUID NOT NULL,
    "comparison_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "strategy" TEXT NOT NULL,
    "mode" TEXT,
    "scenario" TEXT NOT NULL DEFAULT 'cold',
    "iteration" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "failed_step" TEXT,
    "image_ref" TEXT,
    "image_digest" TEXT,
    "image_id" TEXT,
    "image_size" BIGINT,
    "layer_count" INTEGER,
    "versions" JSONB,
    "workload" JSONB,
    "log_bytes" INTEGER NOT NULL DEFAULT 0,
    "log_truncated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phase" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "detail" TEXT,

    CONSTRAINT "phase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "step" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "cached" BOOLEAN NOT NULL DEFAULT false,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_line" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "stream" TEXT NOT NULL DEFAULT 'stdout',
    "text" TEXT NOT NULL,

    CONSTRAINT "log_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "control" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "title" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "explanation" TEXT NOT NULL,
    "remediation" TEXT NOT NULL,

    CONSTRAINT "finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "image_summary" (
    "run_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "config" JSONB NOT NULL,
    "files" JSONB NOT NULL,

    CONSTRAINT "image_summary_pkey" PRIMARY KEY ("run_id")
);

-- CreateTable
CREATE TABLE "image_equivalence" (
    "id" BIGSERIAL NOT NULL,
    "comparison_id" UUID NOT NULL,
    "left_run_id" UUID NOT NULL,
    "right_run_id" UUID NOT NULL,
    "equal" BOOLEAN NOT NULL,
    "differences" JSONB NOT NULL,

    CONSTRAINT "image_equivalence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "comparison_share_token_key" ON "comparison"("share_token");

-- CreateIndex
CREATE INDEX "comparison_created_at_idx" ON "comparison"("created_at" DESC);

-- CreateIndex
CREATE INDEX "comparison_context_digest_idx" ON "comparison"("context_digest");

-- CreateIndex
CREATE INDEX "run_status_idx" ON "run"("status");

-- CreateIndex
CREATE UNIQUE INDEX "run_comparison_id_sequence_key" ON "run"("comparison_id", "sequence");

-- CreateIndex
CREATE INDEX "phase_run_id_idx" ON "phase"("run_id");

-- CreateIndex
CREATE INDEX "step_run_id_idx" ON "step"("run_id");

-- CreateIndex
CREATE INDEX "log_line_run_id_id_idx" ON "log_line"("run_id", "id");

-- CreateIndex
CREATE INDEX "finding_run_id_idx" ON "finding"("run_id");

-- CreateIndex
CREATE INDEX "image_equivalence_comparison_id_idx" ON "image_equivalence"("comparison_id");

-- AddForeignKey
ALTER TABLE "run" ADD CONSTRAINT "run_comparison_id_fkey" FOREIGN KEY ("comparison_id") REFERENCES "comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phase" ADD CONSTRAINT "phase_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "step" ADD CONSTRAINT "step_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "log_line" ADD CONSTRAINT "log_line_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image_summary" ADD CONSTRAINT "image_summary_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image_equivalence" ADD CONSTRAINT "image_equivalence_comparison_id_fkey" FOREIGN KEY ("comparison_id") REFERENCES "comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

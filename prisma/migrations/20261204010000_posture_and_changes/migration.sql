-- AlterTable
ALTER TABLE "finding" ADD COLUMN     "workload" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "run" ADD COLUMN     "change" TEXT,
ADD COLUMN     "posture" JSONB;

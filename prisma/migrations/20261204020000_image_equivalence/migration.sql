-- AlterTable
ALTER TABLE "comparison" ADD COLUMN     "image_findings" JSONB;

-- AlterTable
ALTER TABLE "image_equivalence" ADD COLUMN     "ignored_count" INTEGER NOT NULL DEFAULT 0;

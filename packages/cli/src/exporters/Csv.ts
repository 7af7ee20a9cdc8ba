import type { BatchDetail, Run } from "@ze/domain"

const columns: ReadonlyArray<readonly [string, (run: Run) => string | number | boolean | null]> = [
  ["runId", (r) => r.runId],
  ["batchId", (r) => r.batchId],
  ["suite", (r) => r.suite],
  ["scenario", (r) => r.scenario],
  ["tier", (r) => r.tier],
  ["agent", (r) => r.agent],
  ["model", (r) => r.model],
  ["repeat", (r) => (r.repeat === null ? null : r.repeat + 1)],
  ["status", (r) => r.status],
  ["isSuccessful", (r) => r.isSuccessful],
  ["weightedScore", (r) => r.weightedScore],
  ["totalScore", (r) => r.totalScore],
  ["durationMs", (r) => r.durationMs],
  ["costUsd", (r) => r.costUsd],
  ["startedAt", (r) => r.startedAt],
  ["completedAt", (r) => r.completedAt],
  ["failureReason", (r) => r.failureReason]
]

const field = (value: string | number | boolean | null) => {
  if (value === null) return ""
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

/** RFC 4180 CSV, one row per run, with a header row. */
export const batchToCsv = (batch: BatchDetail) =>
  [columns.map(([name]) => name), ...batch.runs.map((run) => columns.map(([, value]) => field(value(run))))]
    .map((row) => row.join(","))
    .join("\r\n") + "\r\n"

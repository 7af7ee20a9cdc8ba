import type { BatchDetail, Run } from "@ze/domain"
import { outcomeOf, runLabel } from "./Outcome.js"

export const escapeXml = (text: string) =>
  text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")

const seconds = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(3)

const summary = (run: Run) => `status=${run.status} score=${run.weightedScore ?? "none"}/10 runId=${run.runId}`

const testCase = (run: Run) => {
  const open = `    <testcase classname="${escapeXml(`${run.suite}.${run.scenario}`)}" name="${
    escapeXml(runLabel(run))
  }" time="${seconds(run.durationMs)}">`
  const reason = escapeXml(run.failureReason ?? summary(run))
  const body = {
    passed: [],
    failed: [`      <failure message="${reason}" type="${run.status}">${escapeXml(summary(run))}</failure>`],
    error: [`      <error message="${reason}" type="${run.status}">${escapeXml(summary(run))}</error>`],
    skipped: [`      <skipped message="${escapeXml(run.status)}"/>`]
  }[outcomeOf(run)]
  return [open, ...body, `      <system-out>${escapeXml(summary(run))}</system-out>`, "    </testcase>"]
}

/** JUnit XML: one test suite for the batch, one test case per run. */
export const batchToJunit = (batch: BatchDetail) => {
  const outcomes = batch.runs.map(outcomeOf)
  const count = (outcome: string) => outcomes.filter((o) => o === outcome).length
  const totals = `tests="${batch.runs.length}" failures="${count("failed")}" errors="${count("error")}" skipped="${
    count("skipped")
  }"`
  const time = seconds(batch.durationMs)
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="ze" ${totals} time="${time}">`,
    `  <testsuite name="${escapeXml(batch.batchId)}" ${totals} time="${time}" timestamp="${
      new Date(batch.createdAt).toISOString()
    }">`,
    ...batch.runs.flatMap(testCase),
    "  </testsuite>",
    "</testsuites>",
    ""
  ].join("\n")
}

import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { SuiteCheckDocument } from "../src/Documents.js"
import { run as seedRun, seedStore } from "./support/Seed.js"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory("ze-flaky-")
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory, env: { ZE_SUITES_DIR: repoSuites } })

const failed = { status: "failed", weightedScore: 2, totalScore: 0.2, isSuccessful: false } as const

// greeting flips between pass and fail under echo; fizzbuzz passes every repeat.
beforeAll(async () => {
  mkdirSync(join(cwd.directory, ".ze"))
  const repeats = (scenario: string, suite: string, outcomes: ReadonlyArray<boolean>) =>
    outcomes.map((passed, repeat) =>
      seedRun({
        runId: `run-${scenario}-${repeat}`,
        batchId: "batch-flaky",
        suite,
        scenario,
        tier: "L0",
        repeat,
        startedAt: `2026-11-01T10:0${repeat}:00.000Z`,
        ...(passed ? {} : failed)
      })
    )
  await seedStore(join(cwd.directory, ".ze", "ze.db"), [
    ...repeats("greeting", "smoke", [true, false, true]),
    ...repeats("fizzbuzz", "demo", [true, true, true])
  ], [{
    batchId: "batch-flaky",
    createdAt: Date.parse("2026-11-01T10:00:00.000Z"),
    completedAt: Date.parse("2026-11-01T10:05:00.000Z")
  }])
})
afterAll(cwd.remove)

describe("flaky scenarios: repeats that disagree under the same agent", () => {
  it("are marked in the batch view, in ze stats and in the API's cell summary", async () => {
    const shown = await run("batches", "show", "batch-flaky")
    expect(shown.code).toBe(0)
    const greeting = shown.stdout.split("\n").find((line) => line.includes("smoke/greeting") && line.includes("⚠"))
    expect(greeting).toContain("⚠ flaky")
    expect(shown.stdout.split("\n").filter((line) => line.includes("demo/fizzbuzz")).join("\n")).not.toContain("flaky")

    const stats = await run("stats", "--by", "scenario")
    const row = stats.stdout.split("\n").find((line) => line.includes("greeting"))
    expect(row).toContain("⚠ 1 of 1")
    expect(stats.stdout.split("\n").find((line) => line.includes("fizzbuzz"))).not.toContain("⚠")

    const json = await run("batches", "show", "batch-flaky", "--format", "json")
    const cells = (JSON.parse(json.stdout) as {
      aggregates: { cells: ReadonlyArray<{ scenario: string; summary: { flaky: boolean } }> }
    })
      .aggregates.cells
    expect(cells.map((cell) => [cell.scenario, cell.summary.flaky])).toEqual([["fizzbuzz", false], ["greeting", true]])
  })

  it("ze suites check --flaky-from lists the checked scenarios that were flaky in the stored batch", async () => {
    const checked = await run("suites", "check", "smoke", "--flaky-from", "batch-flaky", "--format", "json")
    const document = Schema.decodeUnknownSync(SuiteCheckDocument)(JSON.parse(checked.stdout))
    expect(document.flaky).toEqual([{
      batchId: "batch-flaky",
      suite: "smoke",
      scenario: "greeting",
      tier: "L0",
      agent: "echo",
      model: "none",
      passes: 2,
      attributableRuns: 3,
      flipRate: 1
    }])
    const table = await run("suites", "check", "smoke", "--flaky-from", "batch-flaky")
    expect(table.stdout).toContain("Flaky in stored batches (1)")
    expect(table.stdout).toContain("⚠ smoke/greeting L0 echo (none): 2/3 passed, flip rate 100.0% (batch batch-flaky)")
    // Only the checked suites: demo's fizzbuzz is not flaky and smoke's greeting is not in demo.
    const demo = await run("suites", "check", "demo", "--flaky-from", "batch-flaky", "--format", "json")
    expect(Schema.decodeUnknownSync(SuiteCheckDocument)(JSON.parse(demo.stdout)).flaky).toEqual([])
  })
})

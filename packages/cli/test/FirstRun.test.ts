import { describe, expect, it } from "@effect/vitest"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { renderBatchList } from "../src/views/BatchViews.js"
import { renderRunList } from "../src/views/RunViews.js"
import { run as seedRun, seedStore } from "./support/Seed.js"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory("ze-first-run-")
const seeded = tempDirectory("ze-first-run-seeded-")
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory, env: { ZE_SUITES_DIR: repoSuites } })
const runSeeded = (...args: ReadonlyArray<string>) => ze(args, { cwd: seeded.directory })

beforeAll(async () => {
  mkdirSync(join(seeded.directory, ".ze"))
  await seedStore(join(seeded.directory, ".ze", "ze.db"), [
    seedRun({
      runId: "run-judge-skipped",
      batchId: "batch-judge",
      evaluations: [{ evaluatorName: "llm_judge", score: 0, maxScore: 1, status: "skipped", details: "not enabled" }],
      telemetry: { costUsd: 0.01 }
    }),
    seedRun({
      runId: "run-never-judged",
      batchId: "batch-judge",
      status: "agent_error",
      isSuccessful: false,
      evaluations: [],
      telemetry: { costUsd: null }
    })
  ], [{
    batchId: "batch-judge",
    createdAt: Date.parse("2026-11-01T10:00:00.000Z"),
    completedAt: Date.parse("2026-11-01T10:05:00.000Z")
  }])
})
afterAll(() => {
  cwd.remove()
  seeded.remove()
})

describe("the first run teaches", () => {
  it("the Quick start says where the batch went, what to run next, and averages per agent", async () => {
    const result = await run("bench", "demo", "--agent", "echo,oracle", "--concurrency", "2")
    expect(result.code).toBe(0)
    const batchId = /Batch\s+● (\S+)/.exec(result.stdout)?.[1] ?? ""
    expect(result.stdout).toContain(`Stored in .ze/ze.db as batch ${batchId}. Next:`)
    expect(result.stdout).toMatch(/ze runs show run-\w+ +why this run failed/)
    expect(result.stdout).toContain(`ze batches show ${batchId}`)
    expect(result.stdout).toContain(`ze compare ${batchId} OTHER_BATCH`)
    expect(result.stdout).toMatch(/ze serve +the dashboard/)
    expect(result.stdout).toMatch(
      /Average score +(oracle 10\.00 · echo \d\.\d\d|echo \d\.\d\d · oracle 10\.00) \(out of 10\)/
    )
    expect(result.stdout).not.toContain("6.72")
    expect(result.stdout).toMatch(/demo\/fizzbuzz +L0 +2\.50 +10\.00/)
    expect(result.stdout).not.toContain("By tier")
  }, 60_000)

  it("a one-run batch prints the batch once and then the run, not a table per grouping", async () => {
    const result = await run("bench", "smoke", "--agent", "oracle")
    expect(result.code).toBe(0)
    for (const title of ["By scenario", "By agent", "By tier", "Evaluators", "Runs (1)"]) {
      expect(result.stdout).not.toContain(title)
    }
    expect(result.stdout).toMatch(/ze runs show run-\w+ +one run: its evaluations and telemetry/)
  }, 60_000)

  it("run and batch ids are never cut, however narrow the terminal", () => {
    const runs = [{
      ...seedRun({ runId: "run-0123456789abcdef0123456789abcdef" }),
      id: 1,
      batchId: "batch-a",
      model: null,
      completedAt: null,
      totalScore: null,
      weightedScore: 8,
      successMetric: null,
      metadata: null,
      specialistEnabled: false,
      specialistName: null,
      specialistVersion: null,
      repeat: 0,
      resolvedModel: null,
      agentVersion: null,
      failureReason: null,
      durationMs: 1000,
      costUsd: 0,
      updatedAt: "2026-11-01T10:01:00.000Z",
      startedAt: "2026-11-01T10:00:00.000Z",
      isSuccessful: true
    }] as unknown as Parameters<typeof renderRunList>[0]
    expect(renderRunList(runs, 40).join("\n")).toContain("run-0123456789abcdef0123456789abcdef")
    const batches = [{
      batchId: "batch-1796121305688-30wi9bmpc",
      status: "completed",
      totalRuns: 1,
      successfulRuns: 1,
      successRate: 1,
      avgWeightedScore: 10,
      durationMs: 1,
      totalCostUsd: 0,
      unpricedRuns: 0,
      createdAt: 0
    }] as unknown as Parameters<typeof renderBatchList>[0]
    expect(renderBatchList(batches, 40).join("\n")).toContain("batch-1796121305688-30wi9bmpc")
  })
})

describe("a run that never reached the judge", () => {
  it("says the judge did not run instead of an unpriced judge cost", async () => {
    for (const runId of ["run-judge-skipped", "run-never-judged"]) {
      const show = await runSeeded("runs", "show", runId)
      expect(show.code).toBe(0)
      expect(show.stdout).toMatch(/Judge cost +judge did not run/)
      expect(show.stdout).not.toMatch(/Judge cost +unpriced/)
    }
  })
})

describe("the next commands are written as the user ran ze", () => {
  it("under `pnpm ze` (the Quick start) they read `pnpm ze …`, since ze itself is not on the PATH", async () => {
    const result = await ze(["bench", "smoke", "--agent", "oracle"], {
      cwd: cwd.directory,
      env: { ZE_SUITES_DIR: repoSuites, npm_lifecycle_event: "ze" }
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/\n {2}pnpm ze runs show run-\w+ /)
    expect(result.stdout).toMatch(/\n {2}pnpm ze serve +the dashboard/)
  }, 60_000)
})

import { describe, expect, it } from "@effect/vitest"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { formatCost, formatSpend } from "../src/Display.js"
import { cellName } from "../src/views/CompareViews.js"
import { run as seedRun, seedStore } from "./support/Seed.js"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory("ze-costs-")
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory })

const failed = { status: "failed", weightedScore: 2, totalScore: 0.2, isSuccessful: false } as const

beforeAll(async () => {
  mkdirSync(join(cwd.directory, ".ze"))
  await seedStore(
    join(cwd.directory, ".ze", "ze.db"),
    [
      seedRun({ runId: "run-priced", batchId: "batch-failing", ...failed, telemetry: { costUsd: 0.005 } }),
      seedRun({ runId: "run-unpriced", batchId: "batch-failing", ...failed, telemetry: { costUsd: null } }),
      seedRun({ runId: "run-passing", batchId: "batch-passing", telemetry: { costUsd: 0.0262 } })
    ],
    [
      {
        batchId: "batch-failing",
        createdAt: Date.parse("2026-11-01T10:00:00.000Z"),
        completedAt: Date.parse("2026-11-01T10:05:00.000Z")
      },
      {
        batchId: "batch-passing",
        createdAt: Date.parse("2026-11-02T10:00:00.000Z"),
        completedAt: Date.parse("2026-11-02T10:05:00.000Z")
      }
    ]
  )
})
afterAll(cwd.remove)

describe("costs: unknown is unpriced, never –", () => {
  it("formatCost keeps small costs apart and names null unpriced; formatSpend counts unpriced runs", () => {
    expect(formatCost(0.0262)).toBe("$0.0262")
    expect(formatCost(0.005)).toBe("$0.0050")
    expect(formatCost(12.345)).toBe("$12.35")
    expect(formatCost(0)).toBe("$0.00")
    expect(formatCost(null)).toBe("unpriced")
    expect(formatCost(undefined)).toBe("–")
    expect(formatSpend(0.005, 1)).toBe("$0.0050 + 1 unpriced run")
    expect(formatSpend(null, 2)).toBe("2 unpriced runs")
    expect(formatSpend(null, 0)).toBe("–")
  })

  it("runs list and runs show print unpriced for a run without a price", async () => {
    const list = await run("runs", "list", "--batch", "batch-failing")
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/run-unpriced.*unpriced/)
    expect(list.stdout).toMatch(/run-priced.*\$0\.0050/)
    const show = await run("runs", "show", "run-unpriced")
    expect(show.stdout).toMatch(/Cost\s+unpriced/)
  })

  it("batches show sums priced runs and counts unpriced ones: $0.0050 + 1 unpriced run", async () => {
    const show = await run("batches", "show", "batch-failing")
    expect(show.code).toBe(0)
    expect(show.stdout).toMatch(/Cost\s+\$0\.0050 \+ 1 unpriced run/)
    expect(show.stdout).not.toContain("(+1 unpriced")
  })
})

describe("the batch mark reflects the outcome", () => {
  it("a completed batch with no passed run is ● in batches show and list; ✓ only when every run passed", async () => {
    const failing = await run("batches", "show", "batch-failing")
    expect(failing.stdout).toMatch(/Batch\s+● batch-failing/)
    const passing = await run("batches", "show", "batch-passing")
    expect(passing.stdout).toMatch(/Batch\s+✓ batch-passing/)
    const list = await run("batches", "list")
    expect(list.stdout).toMatch(/● +batch-failing/)
    expect(list.stdout).toMatch(/✓ +batch-passing/)
  })
})

describe("compare names cells by agent when the batches hold several", () => {
  it("cellName (flipped and only-in lists) adds the agent and its model when the cell carries them", () => {
    expect(cellName({ suite: "demo", scenario: "fizzbuzz", tier: "L0" })).toBe("demo/fizzbuzz L0")
    expect(cellName({ suite: "demo", scenario: "fizzbuzz", tier: "L0", agent: "anthropic", model: "claude-x" })).toBe(
      "demo/fizzbuzz L0 anthropic (claude-x)"
    )
  })
})

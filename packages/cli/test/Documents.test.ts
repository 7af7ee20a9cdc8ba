import { describe, expect, it } from "@effect/vitest"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { run as seedRun, seedStore } from "./support/Seed.js"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory("ze-documents-")
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory })
const json = async (...args: ReadonlyArray<string>) => JSON.parse((await run(...args, "--format", "json")).stdout)

beforeAll(async () => {
  mkdirSync(join(cwd.directory, ".ze"))
  await seedStore(
    join(cwd.directory, ".ze", "ze.db"),
    [seedRun({ runId: "run-second-try", batchId: "batch-doc", repeat: 1, metadata: { tool: "ze", commands: [] } })],
    [{
      batchId: "batch-doc",
      createdAt: Date.parse("2026-11-01T10:00:00.000Z"),
      completedAt: Date.parse("2026-11-01T10:05:00.000Z")
    }]
  )
})
afterAll(cwd.remove)

describe("one numbering, and metadata as an object", () => {
  it("the second try is repeat 2 in the table, JSON, CSV and JUnit alike", async () => {
    expect((await run("runs", "show", "run-second-try")).stdout).toMatch(/Repeat\s+2\n/)
    expect((await json("runs", "show", "run-second-try")).run.repeat).toBe(2)
    expect((await json("runs", "list")).runs[0].repeat).toBe(2)
    expect((await json("batches", "show", "batch-doc")).runs[0].repeat).toBe(2)
    expect((await json("export", "batch-doc")).runs[0].repeat).toBe(2)
    const csv = (await run("export", "batch-doc", "--format", "csv")).stdout.trim().split("\n")
    const header = csv[0]!.split(",")
    expect(csv[1]!.split(",")[header.indexOf("repeat")]).toBe("2")
    expect((await run("export", "batch-doc", "--format", "junit")).stdout).toContain("#2")
  })

  it("metadata is an object in JSON output, not a string inside the JSON", async () => {
    expect((await json("runs", "show", "run-second-try")).run.metadata).toEqual({ tool: "ze", commands: [] })
    expect((await json("runs", "list")).runs[0].metadata).toEqual({ tool: "ze", commands: [] })
    expect((await json("export", "batch-doc")).runs[0].metadata).toEqual({ tool: "ze", commands: [] })
  })
})

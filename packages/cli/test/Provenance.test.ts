import { describe, expect, it } from "@effect/vitest"
import { BatchComparison } from "@ze/domain"
import { Schema } from "effect"
import { appendFileSync, cpSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { BenchDocument } from "../src/Documents.js"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

const directories: Array<ReturnType<typeof tempDirectory>> = []
afterAll(() => directories.forEach((directory) => directory.remove()))

/** A copy of the demo suite in its own folder, and `ze` run from a folder that has no suites of its own. */
const setup = () => {
  const directory = tempDirectory("ze-provenance-")
  directories.push(directory)
  const suites = join(directory.directory, "elsewhere", "suites")
  cpSync(join(repoSuites, "demo"), join(suites, "demo"), { recursive: true })
  const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: directory.directory })
  const bench = async (...args: ReadonlyArray<string>) => {
    const result = await run("bench", ...args, "--format", "json")
    return { ...result, document: Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout)) }
  }
  const edit = () =>
    appendFileSync(join(suites, "demo", "scenarios", "fizzbuzz", "repo-fixture", "src", "fizzbuzz.js"), "\n// edited\n")
  return { suites, run, bench, edit }
}

describe.concurrent("a batch stays the same batch", () => {
  it("--resume uses the suites folder the batch recorded, and refuses (exit 2) once a scenario changed", async () => {
    const { bench, edit, run, suites } = setup()
    const first = await bench("demo", "fizzbuzz", "--agent", "echo", "--suites-dir", suites)
    expect(first.code).toBe(0)
    const batchId = first.document.batch.batchId
    const resumed = await run("bench", "--resume", batchId, "--quiet")
    expect(resumed.code).toBe(0)
    expect(resumed.stdout + resumed.stderr).toContain("0 of 1 cells to run")
    edit()
    const refused = await run("bench", "--resume", batchId)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`Batch ${batchId} cannot go on: demo/fizzbuzz changed since it ran`)
    expect(refused.stderr).toContain(
      `Start a new batch instead: ze bench demo --tier L0 --agent echo --suites-dir ${suites}`
    )
    const shown = await run("runs", "list", "--batch", batchId, "--format", "json")
    expect(shown.stdout.match(/"runId"/g)).toHaveLength(1)
  })

  it("ze compare lists the cells whose scenario changed between the batches and leaves them out of the verdict", async () => {
    const { bench, edit, run, suites } = setup()
    const base = await bench("demo", "--agent", "oracle", "--suites-dir", suites)
    edit()
    const head = await bench("demo", "--agent", "oracle", "--suites-dir", suites)
    const result = await run("compare", base.document.batch.batchId, head.document.batch.batchId, "--format", "json")
    expect(result.code).toBe(0)
    const comparison = Schema.decodeUnknownSync(BatchComparison)(JSON.parse(result.stdout))
    expect(comparison.changedScenario.map((cell) => `${cell.suite}/${cell.scenario} ${cell.tier}`)).toEqual([
      "demo/fizzbuzz L0"
    ])
    expect(comparison.changedScenario[0]?.reason).toContain("changed between the batches")
    expect(comparison.cells.map((cell) => cell.scenario)).toEqual(["deep-merge", "slugify"])
    expect(comparison.pairs).toBe(2)
    const table = await run("compare", base.document.batch.batchId, head.document.batch.batchId)
    expect(table.stdout).toContain("Left out: the scenario changed between the batches (1)")
  })
})

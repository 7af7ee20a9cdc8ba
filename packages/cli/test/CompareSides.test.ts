import { describe, expect, it } from "@effect/vitest"
import type { SubmitResultsPayload } from "@ze/domain"
import { BatchComparison } from "@ze/domain"
import { Schema } from "effect"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { run as runOf, seedStore } from "./support/Seed.js"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory()
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory })

const fizz = { specialistEnabled: true, specialistName: "fizz", specialistVersion: "1.2.0" }
const failed = { status: "failed", isSuccessful: false, weightedScore: 3 } as const

/** One batch (`--specialist none,fizz`): anthropic fails plain on six scenarios and passes them with fizz. */
const mixedBatch: ReadonlyArray<SubmitResultsPayload> = Array.from({ length: 6 }, (_, i) => [
  runOf({ runId: `plain-${i}`, batchId: "mixed", scenario: `s${i}`, agent: "anthropic", ...failed }),
  runOf({ runId: `fizz-${i}`, batchId: "mixed", scenario: `s${i}`, agent: "anthropic", weightedScore: 9, ...fizz }),
  runOf({ runId: `other-${i}`, batchId: "other", scenario: `s${i}`, agent: "anthropic", ...failed })
]).flat()

beforeAll(async () => {
  mkdirSync(join(cwd.directory, ".ze"))
  await seedStore(join(cwd.directory, ".ze", "ze.db"), mixedBatch, [])
})
afterAll(cwd.remove)

describe.concurrent("ze compare with sides", () => {
  it("ze compare BATCH --specialist NAME: does it help, within one batch, with both sides named", async () => {
    const table = await run("compare", "mixed", "--specialist", "fizz")
    expect(table.stderr).toBe("")
    expect(table.code).toBe(0)
    expect(table.stdout.split("\n")[0]).toContain("Verdict: better")
    expect(table.stdout).toMatch(/Base\s+batch mixed, no specialist\n/)
    expect(table.stdout).toMatch(/Head\s+batch mixed, specialist fizz\n/)
    expect(table.stdout).toMatch(/Paired cells\s+6\n/)

    const json = await run("compare", "mixed", "--specialist", "fizz", "--mode", "sequential", "--format", "json")
    expect(json.code).toBe(0)
    const comparison = Schema.decodeUnknownSync(BatchComparison)(JSON.parse(json.stdout))
    // Six paired runs are too few for the anytime-valid test, but they are the six the specialist won.
    expect(comparison).toMatchObject({ mode: "sequential", verdict: "insufficient evidence", pairs: 6 })
    expect(comparison.sequential).toMatchObject({ pairs: 6, discordant: 6, headWins: 6 })
    expect(comparison.head).toEqual({ batchId: "mixed", specialist: "fizz", label: "batch mixed, specialist fizz" })

    const markdown = await run("compare", "mixed", "--specialist", "fizz", "--format", "markdown")
    expect(markdown.stdout).toContain(
      "| | base `mixed` (no specialist) | head `mixed` (specialist fizz) | difference |"
    )
  })

  it("two batches with side flags; a whole-batch comparison reads as before", async () => {
    const sides = await run("compare", "other", "mixed", "--head-specialist", "fizz", "--head-agent", "anthropic")
    expect(sides.code).toBe(0)
    expect(sides.stdout).toMatch(/Base\s+batch other\n/)
    expect(sides.stdout).toMatch(/Head\s+batch mixed, agent anthropic, specialist fizz\n/)
    expect(sides.stdout.split("\n")[0]).toContain("Verdict: better")
    // Without flags the mixed batch's specialist cells stay apart from its plain cells: only plain ones pair.
    const whole = await run("compare", "other", "mixed", "--format", "json")
    const comparison = Schema.decodeUnknownSync(BatchComparison)(JSON.parse(whole.stdout))
    expect(comparison.base).toEqual({ batchId: "other", label: "batch other" })
    expect(comparison.pairs).toBe(6)
    expect(comparison.onlyInHead.every((cell) => cell.specialist === "fizz")).toBe(true)
    const both = await run("compare", "other", "mixed", "--base-specialist", "none", "--head-specialist", "none")
    expect(both.code).toBe(0)
    expect(both.stdout).toMatch(/Head\s+batch mixed, no specialist\n/)
  })

  it("the runs list and run detail show a specialist run as agent+specialist", async () => {
    const list = await run("runs", "list", "--batch", "mixed")
    expect(list.stdout).toContain("anthropic+fizz (none)")
    const detail = await run("runs", "show", "fizz-0")
    expect(detail.stdout).toMatch(/Agent\s+anthropic\+fizz@1\.2\.0 \(none\)/)
  })

  it.each([
    [["compare", "mixed"], "ze: compare needs HEAD (a second batch), or a side flag to compare within BASE"],
    [["compare", "mixed", "mixed"], "ze: both sides are the same runs of mixed"],
    [["compare", "mixed", "--base-agent", "anthropic", "--head-agent", "anthropic"], "both sides are the same runs"],
    [["compare", "mixed", "--specialist", "none"], "ze: --specialist names the specialist to test"],
    [["compare", "mixed", "--specialist", "fizz", "--head-specialist", "x"], "ze: --specialist NAME is short for"],
    [["compare", "mixed", "--head-model", " "], "ze: --head-model needs a value"],
    // The server checks the names against the batch; its answer names the flag that was given.
    [["compare", "mixed", "--specialist", "fuzz"], "ze: the request was rejected: --specialist: matches no run"],
    [["compare", "mixed", "--head-specialist", "fuzz"], "rejected: --head-specialist: matches no run"]
  ])("%j is a usage error that names the flag", async (args, message) => {
    const result = await run(...args)
    expect(result.code).toBe(2)
    expect(result.stderr.split("\n")[0]).toContain(message)
  })
})

import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs"
import { delimiter, join } from "node:path"
import { afterAll } from "vitest"
import { BenchDocument } from "../src/Documents.js"
import { tempDirectory, ze } from "./support/Ze.js"

const upstream = join(process.cwd(), "..", "shared", "upstream-suites", "suites")
const hasUpstream = existsSync(upstream)
if (!hasUpstream) console.warn(`Skipping the upstream baseline tests: ${upstream} is absent`)

const directories: Array<ReturnType<typeof tempDirectory>> = []
afterAll(() => directories.forEach((directory) => directory.remove()))

/** A `pnpm` that succeeds at everything: upstream's fixtures as they behave with the network and every tool there. */
const everythingPasses = (directory: string) => {
  const bin = join(directory, "bin")
  mkdirSync(bin)
  writeFileSync(join(bin, "pnpm"), "#!/bin/sh\nexit 0\n")
  chmodSync(join(bin, "pnpm"), 0o755)
  return { PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` }
}

describe.skipIf(!hasUpstream).concurrent("a no-op never passes (upstream's scenarios)", () => {
  it("--dry-run says, before anything runs, that only the judge could score mcp-demos and none is configured", async () => {
    const directory = tempDirectory("ze-baseline-dry-")
    directories.push(directory)
    const result = await ze([
      "bench",
      "mcp-demos",
      "github-repo-demo",
      "L0",
      "echo",
      "--suites-dir",
      upstream,
      "--dry-run"
    ], { cwd: directory.directory })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("Cannot run or be scored here (1)")
    expect(result.stdout).toContain(
      "mcp-demos/github-repo-demo L0 echo: nothing can score it: no validation command or heuristic check, and the LLM judge will not run (no judge key"
    )
  })

  it("echo over all 55 upstream scenarios and every tier passes none, even where every command succeeds", async () => {
    const directory = tempDirectory("ze-baseline-all-")
    directories.push(directory)
    const args = [
      "bench",
      "all",
      "--tier",
      "all",
      "--agent",
      "echo",
      "--suites-dir",
      upstream,
      "--allow-errors",
      "100%",
      "-j",
      "2",
      "--format",
      "json"
    ]
    const result = await ze(args, { cwd: directory.directory, env: everythingPasses(directory.directory) })
    expect(result.code).toBe(0)
    const { batch } = Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout))
    expect(new Set(batch.runs.map((run) => `${run.suite}/${run.scenario}`)).size).toBe(55)
    expect(batch.runs.filter((run) => run.isSuccessful || run.status === "passed")).toEqual([])
    const statuses = new Map<string, number>()
    for (const run of batch.runs) statuses.set(run.status, (statuses.get(run.status) ?? 0) + 1)
    // next.js has no fixtures here (50 cells), mcp-demos and figma-analysis have nothing but a judge (9 cells),
    // update-deps and test-suite pass every command on their untouched fixture (8 cells).
    expect(Object.fromEntries(statuses)).toEqual({ infra_error: 59, failed: 8 })
  })

  it("update-deps with echo, every command passing on the untouched fixture: failed, said before and after", async () => {
    const directory = tempDirectory("ze-baseline-")
    directories.push(directory)
    const env = everythingPasses(directory.directory)
    const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: directory.directory, env })
    const result = await run(
      "bench",
      "update-deps",
      "nx-pnpm-monorepo",
      "L1",
      "echo",
      "--suites-dir",
      upstream,
      "--format",
      "json"
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      "Warning: update-deps/nx-pnpm-monorepo: only the LLM judge can tell a no-op from a solution (install_success, typecheck_success, lint_success, tests_nonregression already pass on the untouched fixture), and no judge key"
    )
    const document = Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout))
    const [stored] = document.batch.runs
    expect(stored).toMatchObject({ status: "failed", isSuccessful: false, weightedScore: 10 })
    expect(stored?.failureReason).toMatch(
      /^nothing in this scenario distinguishes a no-op from a solution: install_success, .* already pass on the untouched fixture; only the LLM judge could, and it did not run/
    )
    const shown = await run("runs", "show", stored!.runId)
    expect(shown.stdout).toContain("Baseline (the untouched fixture, no agent)")
    expect(shown.stdout).toMatch(/fails there, so it can tell: +nothing/)
    const batch = await run("batches", "show", document.batch.batchId)
    expect(batch.stdout).toContain("update-deps/nx-pnpm-monorepo: only the judge can tell")
    expect(batch.stdout).toMatch(/fail on it: –\n +pass on it: install_success, typecheck_success/)
    expect(batch.stdout).toContain(`Scenarios read from ${upstream}`)
    const baselineSection = batch.stdout.slice(batch.stdout.indexOf("Baselines ("), batch.stdout.indexOf("Runs ("))
    expect(Math.max(...baselineSection.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100)
    const dry = await run(
      "bench",
      "update-deps",
      "nx-pnpm-monorepo",
      "L1",
      "echo",
      "--suites-dir",
      upstream,
      "--dry-run"
    )
    expect(dry.stdout).toContain("Dry run: 1 cell would run")
    expect(dry.stdout).toContain("⚠ update-deps/nx-pnpm-monorepo: only the LLM judge can tell a no-op from a solution")
  })
})

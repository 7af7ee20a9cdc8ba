import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { DryRunDocument } from "../src/Documents.js"
import { tempDirectory, ze } from "./support/Ze.js"

const upstream = join(process.cwd(), "..", "shared", "upstream-suites")
const hasUpstream = existsSync(upstream)
if (!hasUpstream) console.warn(`Skipping the plan of upstream's scenarios: ${upstream} is absent`)

const directory = tempDirectory("ze-upstream-plan-")
afterAll(() => directory.remove())

const dryRun = async (args: ReadonlyArray<string>) => {
  const result = await ze(["bench", "all", "--tier", "all", "--dry-run", "--format", "json", ...args], {
    cwd: directory.directory,
    env: { ANTHROPIC_API_KEY: "sk-ant-not-used-by-a-dry-run" }
  })
  expect(result.code, result.stderr).toBe(0)
  return Schema.decodeUnknownSync(DryRunDocument)(JSON.parse(result.stdout))
}

describe("upstream's 55 scenarios", () => {
  it.skipIf(!hasUpstream)("each plans to run or is refused before running with a reason", async () => {
    const plan = await dryRun(["--suites-dir", join(upstream, "suites"), "--agent", "anthropic"])
    const key = (c: { readonly suite: string; readonly scenario: string }) => `${c.suite}/${c.scenario}`
    const planned = new Set(plan.cells.map(key))
    const refused = new Map(plan.blocked.map((c) => [key(c), c.reason]))
    const all = new Set([...planned, ...refused.keys()])
    expect(all.size).toBe(55)
    for (const [scenario, reason] of refused) expect(reason.length, scenario).toBeGreaterThan(10)
    // The artifact suites run without a fixture, scored by the judge.
    for (
      const scenario of ["mcp-demos/github-repo-demo", "mcp-demos/figma-api-demo", "figma-analysis/mcp-example-file"]
    ) {
      expect(planned.has(scenario), refused.get(scenario)).toBe(true)
    }
  }, 120_000)

  it.skipIf(!hasUpstream)(
    "--specialist with upstream's mcp-demo-specialist plans the mcp-demos as anthropic+specialist",
    async () => {
      const plan = await dryRun([
        "--suites-dir",
        join(upstream, "suites"),
        "--suite",
        "mcp-demos",
        "--specialist",
        "none,mcp-demo-specialist"
      ])
      expect(new Set(plan.cells.map((c) => c.specialist ?? "none"))).toEqual(new Set(["none", "mcp-demo-specialist"]))
      expect(plan.cells.every((c) => c.agent === "anthropic")).toBe(true)
    },
    120_000
  )
})

import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import { join } from "node:path"
import { validateScenario } from "../src/scenario/Validate.js"
import { hasWarmup, warmupProblems } from "../src/warmup/WarmupRules.js"
import { scenarioFromYaml } from "./support.js"

const dir = "/suites/lab/scenarios/w"
const scenario = (warmup: string, fixture = true) =>
  scenarioFromYaml(`id: w\nsuite: lab\nwarmup:\n${warmup}`, dir, {
    fixtureDir: fixture ? Option.some(join(dir, "repo-fixture")) : Option.none()
  })

describe("warmup blocks", () => {
  it("run only with enabled: true, as upstream", () => {
    expect(hasWarmup(scenario("  type: scripted\n"))).toBe(false)
    expect(hasWarmup(scenario("  enabled: false\n  type: scripted\n"))).toBe(false)
    expect(hasWarmup(scenario("  enabled: true\n  type: scripted\n"))).toBe(true)
  })

  it("name what cannot run: no type, an agent without a prompt, a working_dir that is not the fixture", () => {
    expect(warmupProblems(scenario("  enabled: true\n  type: scripted\n  working_dir: ./repo-fixture\n"))).toEqual([])
    expect(warmupProblems(scenario("  enabled: true\n  type: scripted\n  working_dir: ./repo\n", false))).toEqual([])
    expect(warmupProblems(scenario("  enabled: true\n")).map((p) => p.field)).toEqual(["warmup.type"])
    expect(warmupProblems(scenario("  enabled: true\n  type: agent\n  agent:\n    provider: echo\n"))).toEqual([
      { field: "warmup.agent.prompt", message: "an agent warmup needs a prompt" }
    ])
    expect(warmupProblems(scenario("  enabled: true\n  type: scripted\n  working_dir: ./repo\n"))[0]?.field).toBe(
      "warmup.working_dir"
    )
    expect(warmupProblems(scenario("  type: agent\n"))).toEqual([])
  })

  it("are errors of ze suites validate, where a missing fixture is not: the warmup can create it", () => {
    const issues = validateScenario(scenario("  enabled: true\n  type: agent\n", false))
    expect(issues).toContainEqual(expect.objectContaining({ severity: "error", field: "warmup.agent.prompt" }))
    expect(issues.map((issue) => issue.field)).not.toContain("repo-fixture")
    expect(validateScenario(scenario("  enabled: false\n", false)).map((issue) => issue.field)).toContain(
      "repo-fixture"
    )
  })
})

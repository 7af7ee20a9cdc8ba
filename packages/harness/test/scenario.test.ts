import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Option } from "effect"
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import {
  findPrompt,
  listScenarios,
  listSuites,
  loadScenario,
  loadSuites,
  parseScenarioYaml,
  tiersOf,
  validateScenario,
  validateScenarios
} from "../src/index.js"
import { suitesRoot, tempDir, upstreamSuitesRoot } from "./support.js"

const writeScenario = (
  root: string,
  suite: string,
  name: string,
  yaml: string,
  prompts: ReadonlyArray<string> = ["L0-minimal.md"]
) => {
  const dir = join(root, suite, "scenarios", name)
  mkdirSync(join(dir, "repo-fixture"), { recursive: true })
  writeFileSync(join(dir, "repo-fixture", "index.js"), "export const answer = 42\n")
  writeFileSync(join(dir, "scenario.yaml"), yaml)
  mkdirSync(join(root, suite, "prompts", name), { recursive: true })
  for (const prompt of prompts) writeFileSync(join(root, suite, "prompts", name, prompt), "Do it.")
}

describe("scenario loading", () => {
  it.effect("the project's suites load and validate without errors", () =>
    Effect.gen(function*() {
      expect(yield* listSuites(suitesRoot)).toEqual(expect.arrayContaining(["demo", "smoke"]))
      const { invalid, scenarios } = yield* loadSuites(suitesRoot)
      expect(invalid).toEqual([])
      expect(validateScenarios(scenarios).filter((i) => i.severity === "error")).toEqual([])
      for (const scenario of scenarios) {
        expect(tiersOf(scenario)).toEqual(["L0", "L1", "L2"])
        expect(Option.isSome(scenario.fixtureDir)).toBe(true)
        expect(Option.isSome(scenario.solution)).toBe(true)
        expect(scenario.config.heuristic_checks).toBeDefined()
      }
    }))

  it.effect("tiers match by prefix: L1 and L1-basic both find L1-basic.md; L1 never finds L10", () =>
    Effect.gen(function*() {
      const root = yield* tempDir()
      writeScenario(root, "s", "a", "id: a\nsuite: s\n", [
        "L1-basic.md",
        "L10-huge.md",
        "Lx-adversarial.md",
        "notes.md",
        "L2.md"
      ])
      const scenario = yield* loadScenario(root, "s", "a")
      expect(tiersOf(scenario)).toEqual(["L1", "L10", "L2", "Lx"])
      expect(Option.map(findPrompt(scenario, "L1"), (p) => p.name)).toEqual(Option.some("L1-basic.md"))
      expect(Option.map(findPrompt(scenario, "L1-basic"), (p) => p.name)).toEqual(Option.some("L1-basic.md"))
      expect(Option.map(findPrompt(scenario, "L2"), (p) => p.name)).toEqual(Option.some("L2.md"))
      expect(Option.isNone(findPrompt(scenario, "L3"))).toBe(true)
    }).pipe(Effect.scoped))

  it("unknown keys are kept, and empty YAML keys read as absent", () => {
    const decoded = parseScenarioYaml(
      "x.yaml",
      "id: a\nsuite: s\nheuristic_checks:\nfuture_field: {deep: [1, 2]}\nworkspace:\n  node: '20'\n  shiny: true\n"
    )
    expect(Either.isRight(decoded)).toBe(true)
    if (Either.isRight(decoded)) {
      expect(decoded.right).toMatchObject({ future_field: { deep: [1, 2] }, workspace: { node: "20", shiny: true } })
      expect(decoded.right.heuristic_checks).toBeUndefined()
    }
  })

  it("a wrong type names the file, the field path and the problem", () => {
    const decoded = parseScenarioYaml(
      "/suites/s/scenarios/a/scenario.yaml",
      "id: a\nsuite: s\ntimeout_minutes: soon\nheuristic_checks:\n  patterns:\n    - name: p\n      file: '*.ts'\n      weight: heavy\n"
    )
    expect(Either.isLeft(decoded)).toBe(true)
    if (Either.isLeft(decoded)) {
      const error = decoded.left
      expect(error.file).toBe("/suites/s/scenarios/a/scenario.yaml")
      expect(error.issues.map((i) => i.path)).toEqual(
        expect.arrayContaining([
          "timeout_minutes",
          "heuristic_checks.patterns[0].pattern",
          "heuristic_checks.patterns[0].weight"
        ])
      )
      expect(error.message).toContain("/suites/s/scenarios/a/scenario.yaml")
      expect(error.message).toContain("heuristic_checks.patterns[0].weight")
    }
  })

  it("broken YAML names the file and the line", () => {
    const decoded = parseScenarioYaml("/x/scenario.yaml", "id: a\nsuite: [unclosed\n")
    expect(Either.isLeft(decoded)).toBe(true)
    if (Either.isLeft(decoded)) {
      expect(decoded.left.message).toContain("/x/scenario.yaml")
      expect(decoded.left.message).toMatch(/line \d+/)
    }
  })

  it.effect("a broken scenario is reported without hiding the others", () =>
    Effect.gen(function*() {
      const root = yield* tempDir()
      writeScenario(root, "s", "good", "id: good\nsuite: s\n")
      writeScenario(root, "s", "bad", "id: bad\n")
      const { invalid, scenarios } = yield* loadSuites(root)
      expect(scenarios.map((s) => s.name)).toEqual(["good"])
      expect(invalid).toHaveLength(1)
      expect(invalid[0]?.issues[0]?.path).toBe("suite")
      const missing = yield* Effect.flip(loadSuites(root, { suites: ["nope"] }))
      expect(missing._tag).toBe("ScenarioNotFound")
    }).pipe(Effect.scoped))

  it.effect("validation warns about unusable weights and errors on a bad regex", () =>
    Effect.gen(function*() {
      const root = yield* tempDir()
      writeScenario(
        root,
        "s",
        "a",
        "id: a\nsuite: other\nrubric_overrides:\n  weights:\n    install_success: 1\n    efficiency: 2\n" +
          "heuristic_checks:\n  patterns:\n    - name: p\n      file: '*.js'\n      pattern: '(['\n"
      )
      const issues = validateScenario(yield* loadScenario(root, "s", "a"))
      expect(issues.find((i) => i.field === "suite")?.severity).toBe("warning")
      expect(issues.find((i) => i.field === "rubric_overrides.weights")?.message).toContain("efficiency")
      expect(issues.find((i) => i.field === "heuristic_checks.patterns[0].pattern")?.severity).toBe("error")
    }).pipe(Effect.scoped))

  it.effect("a declared oracle answers file that does not exist is an error", () =>
    Effect.gen(function*() {
      const root = yield* tempDir()
      writeScenario(root, "s", "a", "id: a\nsuite: s\noracle:\n  answers_file: ./oracle-answer.json\n")
      const issues = validateScenario(yield* loadScenario(root, "s", "a"))
      expect(issues.find((i) => i.field === "oracle.answers_file")).toMatchObject({
        severity: "error",
        message: expect.stringContaining("./oracle-answer.json does not exist")
      })
    }).pipe(Effect.scoped))
})

const upstreamPresent = existsSync(upstreamSuitesRoot)

describe.skipIf(!upstreamPresent)("upstream suites (../shared/upstream-suites)", () => {
  it.effect("all 55 upstream scenarios load, list and validate", () =>
    Effect.gen(function*() {
      const suites = yield* listSuites(upstreamSuitesRoot)
      expect(suites.sort()).toEqual(["figma-analysis", "mcp-demos", "next.js", "test-suite", "update-deps"])
      const listed = yield* Effect.forEach(suites, (suite) => listScenarios(upstreamSuitesRoot, suite))
      expect(listed.flat()).toHaveLength(55)
      const { invalid, scenarios } = yield* loadSuites(upstreamSuitesRoot)
      expect(invalid.map((e) => e.message)).toEqual([])
      expect(scenarios).toHaveLength(55)
      const issues = validateScenarios(scenarios)
      expect(issues.filter((i) => i.severity === "error")).toEqual([])
      expect(issues.filter((i) => i.field === "id")).toHaveLength(2)
      const figma = scenarios.find((s) => s.suite === "figma-analysis")
      expect(figma?.config.artifact?.type).toBe("figma")
      const nx = scenarios.find((s) => s.name === "nx-pnpm-monorepo")
      expect(tiersOf(nx!)).toEqual(["L0", "L1", "L2", "L3", "Lx"])
      expect(nx?.config.targets?.required?.map((t) => t.name)).toEqual(["typescript", "nx"])
      const nextjs000 = scenarios.find((s) => s.name.startsWith("000-"))
      expect(tiersOf(nextjs000!)).toEqual(["L3"])
      const demo = scenarios.find((s) => s.suite === "mcp-demos" && s.name === "figma-api-demo")
      expect((demo?.config as Record<string, unknown> | undefined)?.["difficulty"]).toBe("basic")
    }))
})

if (!upstreamPresent) {
  describe("upstream suites", () => {
    it.skip(`skipped: ${upstreamSuitesRoot} is absent (the upstream scenarios are kept beside the repository)`, () => {})
  })
}

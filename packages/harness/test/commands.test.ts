import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import { commandLog, orderedCommands, runValidation } from "../src/index.js"
import { scenarioFromYaml, tempDir } from "./support.js"

const yaml = `id: c
suite: s
validation:
  commands:
    test: "node -e \\"console.error('3 failing'); process.exit(1)\\""
    custom: "echo custom"
    install: "echo installed"
    lint: "sleep 5"
    build: "echo built"
  required_commands: [install, build, test]
`

describe("validation commands", () => {
  it.live("runs every declared command, test and build included, in a fixed order, with timeouts", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      const scenario = scenarioFromYaml(yaml, dir)
      expect(orderedCommands(scenario).map(([kind]) => kind)).toEqual(["install", "build", "lint", "test", "custom"])
      const outcome = yield* runValidation(scenario, dir, { timeout: Duration.millis(700), outputCapBytes: 4096 })
      expect(outcome.runs.map((r) => [r.kind, r.passed])).toEqual([
        ["install", true],
        ["build", true],
        ["lint", false],
        ["test", false],
        ["custom", true]
      ])
      const lint = outcome.runs.find((r) => r.kind === "lint")
      expect(lint).toMatchObject({ timedOut: true, required: false })
      expect(lint?.durationMs).toBeLessThan(3000)
      expect(outcome.runs.find((r) => r.kind === "test")).toMatchObject({ exitCode: 1, stderrTail: "3 failing\n" })
      expect(outcome.requiredFailures).toEqual(["test"])
      expect(outcome.evaluations.map((e) => [e.name, e.score])).toEqual([
        ["install_success", 1],
        ["build_success", 1],
        ["lint_success", 0],
        ["tests_nonregression", 0],
        ["custom_success", 1]
      ])
      expect(commandLog(outcome.runs)).toContain("--- stderr\n3 failing")
    }).pipe(Effect.scoped))

  it.effect("validation.required: false runs nothing", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      const scenario = scenarioFromYaml(
        "id: a\nsuite: s\nvalidation:\n  required: false\n  commands:\n    test: 'exit 1'\n",
        dir
      )
      const outcome = yield* runValidation(scenario, dir, { timeout: Duration.seconds(5), outputCapBytes: 1024 })
      expect(outcome).toEqual({ runs: [], evaluations: [], requiredFailures: [] })
    }).pipe(Effect.scoped))
})

import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { SuiteListDocument, SuiteValidationDocument } from "../src/Documents.js"
import { makeSuites, repoSuites, scenarioYaml } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

const directory = tempDirectory("ze-suites-")
afterAll(directory.remove)
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: directory.directory })

describe.concurrent("ze suites", () => {
  it("list shows every scenario of the repository's suites with its tiers", async () => {
    const result = await run("suites", "list", repoSuites, "--format", "json")
    expect(result.code).toBe(0)
    const listing = Schema.decodeUnknownSync(SuiteListDocument)(JSON.parse(result.stdout))
    expect(listing.scenarios.map((s) => `${s.suite}/${s.scenario}`)).toEqual([
      "demo/deep-merge",
      "demo/fizzbuzz",
      "demo/slugify",
      "smoke/greeting"
    ])
    expect(listing.scenarios.every((s) => s.hasFixture && s.hasSolution && s.tiers.includes("L0"))).toBe(true)
    const table = await run("suites", "list", join(repoSuites, "demo"))
    expect(table.stdout).toContain("FizzBuzz from a stub")
    expect(table.stdout).not.toContain("smoke/greeting")
  })

  it("validate passes on the repository's suites", async () => {
    const result = await run("suites", "validate", repoSuites)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("4 scenarios load and validate")
  })

  it("validate exits 1 with each broken file and field; a missing fixture is only a warning", async () => {
    const lab = tempDirectory("ze-suites-lab-")
    try {
      const root = makeSuites(lab.directory, {
        "bad-regex": {
          yaml: scenarioYaml(
            "bad-regex",
            "heuristic_checks:\n  patterns:\n    - name: p\n      file: x\n      pattern: \"(\"\n"
          )
        },
        "bad-type": { yaml: "id: bad-type\nsuite: lab\ntimeout_minutes: soon\n" },
        "no-fixture": { yaml: scenarioYaml("no-fixture"), fixture: false },
        "no-answers": { yaml: scenarioYaml("no-answers", "oracle:\n  answers_file: ./oracle-answers.json\n") }
      })
      const result = await ze(["suites", "validate", root, "--format", "json"], { cwd: lab.directory })
      expect(result.code).toBe(1)
      const report = Schema.decodeUnknownSync(SuiteValidationDocument)(JSON.parse(result.stdout))
      expect(report.valid).toBe(false)
      const errors = report.issues.filter((i) => i.severity === "error").map((i) => [i.scenario, i.field])
      expect(errors).toEqual(expect.arrayContaining([
        ["lab/bad-type", "timeout_minutes"],
        ["lab/bad-regex", "heuristic_checks.patterns[0].pattern"],
        ["lab/no-answers", "oracle.answers_file"]
      ]))
      expect(report.issues.find((i) => i.scenario === "lab/no-fixture")?.severity).toBe("warning")
      expect(report.issues.find((i) => i.scenario === "lab/bad-type")?.file).toContain(
        join("bad-type", "scenario.yaml")
      )
      const table = await ze(["suites", "validate", join(root, "lab", "scenarios", "no-fixture")], {
        cwd: lab.directory
      })
      expect(table.code).toBe(0)
      expect(table.stdout).toContain("warning repo-fixture")
    } finally {
      lab.remove()
    }
  })
})

describe("ze new", () => {
  it("creates a suite and a scenario from the template that validates", async () => {
    expect((await run("new", "suite", "my-suite")).code).toBe(0)
    const created = await run("new", "scenario", "my-suite", "first-task")
    expect(created.code).toBe(0)
    const scenarioDir = join(directory.directory, "suites", "my-suite", "scenarios", "first-task")
    const yaml = readFileSync(join(scenarioDir, "scenario.yaml"), "utf8")
    for (
      const field of [
        "id: first-task",
        "suite: my-suite",
        "title:",
        "description:",
        "validation:",
        "oracle:",
        "llm_judge:",
        "rubric_overrides:"
      ]
    ) {
      expect(yaml).toContain(field)
    }
    expect(readFileSync(join(scenarioDir, "oracle-answers.json"), "utf8").trim()).toBe("{}")
    expect(existsSync(join(scenarioDir, "repo-fixture", "README.md"))).toBe(true)
    for (const prompt of ["L0-minimal.md", "L1-basic.md", "L2-directed.md"]) {
      expect(existsSync(join(directory.directory, "suites", "my-suite", "prompts", "first-task", prompt))).toBe(true)
    }
    const validated = await run("suites", "validate", "--format", "json")
    expect(Schema.decodeUnknownSync(SuiteValidationDocument)(JSON.parse(validated.stdout)).valid).toBe(true)
    // The starter task runs offline as created: echo fails it, the oracle passes it.
    const bench = await run("bench", "my-suite", "first-task", "--agent", "echo,oracle")
    expect(bench.code).toBe(0)
    expect(bench.stdout).toMatch(/first-task \(L0\) echo - 0\.00\/10 failed/)
    expect(bench.stdout).toMatch(/first-task \(L0\) oracle - 10\.00\/10 passed/)
  })

  it.each([
    [["new", "suite", "Not_Kebab"], "kebab-case"],
    [["new", "scenario", "missing-suite", "x"], "ze new suite missing-suite"],
    [["new", "suite", "taken"], "already exists"]
  ])("%j exits 2", async (args, message) => {
    if (args[2] === "taken") await run("new", "suite", "taken")
    const result = await run(...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
  })
})

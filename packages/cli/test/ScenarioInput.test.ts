import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { makeSuites, scenarioYaml } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

interface BrokenCase {
  /** Replaces the scenario's YAML (a valid one by default). */
  readonly yaml?: (name: string) => string
  /** Breaks a file beside it: `dir` is the scenario's folder, `prompts` its prompts folder. */
  readonly breakFiles?: (dir: string, prompts: string) => void
  readonly args?: ReadonlyArray<string>
  /** What the error must name: the file (relative to the suites folder) and the field, with the problem. */
  readonly file: (name: string) => string
  readonly field: string | RegExp
}

const scenarioFile = (name: string) => join("lab", "scenarios", name, "scenario.yaml")
const promptFile = (name: string) => join("lab", "prompts", name, "L0-minimal.md")

/** Every kind of broken scenario input, each the only scenario of its batch. */
const cases: Record<string, BrokenCase> = {
  "bad-yaml": { yaml: (n) => `id: ${n}\nsuite: [unclosed\ntitle: x\n`, file: scenarioFile, field: /line \d+/ },
  "wrong-type": {
    yaml: (n) => scenarioYaml(n, "timeout_minutes: soon\n"),
    file: scenarioFile,
    field: "timeout_minutes: Expected number, actual \"soon\""
  },
  "nested-wrong-type": {
    yaml: (n) => `id: ${n}\nsuite: lab\nvalidation:\n  commands:\n    test: 42\n`,
    file: scenarioFile,
    field: "validation.commands.test: Expected string, actual 42"
  },
  "missing-field": { yaml: (n) => `id: ${n}\ntitle: no suite\n`, file: scenarioFile, field: "suite: is missing" },
  "a-list": { yaml: () => "- id\n- suite\n", file: scenarioFile, field: "must be a mapping of fields" },
  "a-string": { yaml: () => "just some text\n", file: scenarioFile, field: "not a string (\"just some text\")" },
  "empty-yaml": { yaml: () => "", file: scenarioFile, field: "the file is empty" },
  "bad-regex": {
    yaml: (n) =>
      scenarioYaml(n, "heuristic_checks:\n  patterns:\n    - name: p\n      file: index.js\n      pattern: \"(\"\n"),
    file: scenarioFile,
    field: "heuristic_checks.patterns[0].pattern: \"(\" is not a valid regular expression"
  },
  "unknown-required-command": {
    yaml: (n) => scenarioYaml(n).replace("validation:\n", "validation:\n  required_commands: [lint]\n"),
    file: scenarioFile,
    field: "validation.required_commands: \"lint\" is not a declared validation command"
  },
  "missing-answers": {
    yaml: (n) => scenarioYaml(n, "oracle:\n  answers_file: ./answers.json\n"),
    file: scenarioFile,
    field: "oracle.answers_file: ./answers.json does not exist"
  },
  "bad-answers": {
    yaml: (n) => scenarioYaml(n, "oracle:\n  answers_file: ./answers.json\n"),
    breakFiles: (dir) => writeFileSync(join(dir, "answers.json"), "{\"question\": 1}"),
    file: (n) => join("lab", "scenarios", n, "answers.json"),
    field: "oracle.answers_file: Oracle answers"
  },
  "empty-prompt": {
    breakFiles: (_, prompts) => writeFileSync(join(prompts, "L0-minimal.md"), "  \n"),
    file: promptFile,
    field: "prompts.L0:"
  },
  "no-prompts": {
    breakFiles: (_, prompts) => rmSync(prompts, { recursive: true }),
    file: (n) => join("lab", "prompts", n),
    field: "prompts: no prompt files"
  },
  "missing-tier": { args: ["--tier", "L3"], file: (n) => join("lab", "prompts", n), field: "no L3 prompt" },
  "empty-fixture": {
    breakFiles: (dir) => rmSync(join(dir, "repo-fixture", "index.js")),
    file: (n) => join("lab", "scenarios", n, "repo-fixture"),
    field: /repo-fixture: .* is empty/
  },
  "fixture-is-a-file": {
    breakFiles: (dir) => {
      rmSync(join(dir, "repo-fixture"), { recursive: true })
      writeFileSync(join(dir, "repo-fixture"), "not a folder")
    },
    file: (n) => join("lab", "scenarios", n, "repo-fixture"),
    field: /repo-fixture: .* is a file: the fixture must be a folder/
  },
  "no-scenario-yaml": {
    breakFiles: (dir) => rmSync(join(dir, "scenario.yaml")),
    file: scenarioFile,
    field: "scenario.yaml not found"
  }
}

/** Runs `run` over `items`, `width` at a time (ze processes are not light on two cores). */
const inBatches = async <A, B>(items: ReadonlyArray<A>, width: number, run: (item: A) => Promise<B>) => {
  const results: Array<B> = []
  for (let i = 0; i < items.length; i += width) results.push(...await Promise.all(items.slice(i, i + width).map(run)))
  return results
}

describe("broken scenario input", () => {
  it(
    "each kind is refused by ze bench with exit 2, an error naming the file and the field, and nothing runs",
    async () => {
      const entries = Object.entries(cases)
      const outcomes = await inBatches(entries, 4, async ([name, broken]) => {
        const temp = tempDirectory(`ze-broken-${name}-`)
        try {
          const root = makeSuites(temp.directory, { [name]: { yaml: broken.yaml?.(name) ?? scenarioYaml(name) } })
          const dir = join(root, "lab", "scenarios", name)
          mkdirSync(dir, { recursive: true })
          broken.breakFiles?.(dir, join(root, "lab", "prompts", name))
          const result = await ze(
            ["bench", "lab", name, "--agent", "echo", "--suites-dir", root, "--quiet", ...(broken.args ?? [])],
            { cwd: temp.directory }
          )
          return { name, broken, result, stored: existsSync(join(temp.directory, ".ze")) }
        } finally {
          temp.remove()
        }
      })
      for (const { broken, name, result, stored } of outcomes) {
        const context = `${name}:\n${result.stderr}${result.stdout}`
        expect(result.code, context).toBe(2)
        expect(result.stderr, context).toContain(broken.file(name))
        if (typeof broken.field === "string") expect(result.stderr, context).toContain(broken.field)
        else expect(result.stderr, context).toMatch(broken.field)
        expect(result.stderr, context).not.toMatch(/\n\s+at |internal error/)
        expect(result.stdout, context).not.toMatch(/^[✓✗!] /m)
        expect(stored, `${name}: nothing is stored or created`).toBe(false)
      }
      expect(outcomes).toHaveLength(17)
    },
    180_000
  )

  it("a suite with several broken scenarios lists each with its file, and runs none of the good ones", async () => {
    const temp = tempDirectory("ze-broken-suite-")
    try {
      const root = makeSuites(temp.directory, {
        good: { yaml: scenarioYaml("good") },
        "wrong-type": { yaml: scenarioYaml("wrong-type", "timeout_minutes: soon\n") },
        "empty-yaml": { yaml: "" }
      })
      const result = await ze(["bench", "lab", "--agent", "echo", "--suites-dir", root], { cwd: temp.directory })
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toContain("2 scenarios are broken")
      expect(result.stderr).toContain(scenarioFile("wrong-type"))
      expect(result.stderr).toContain("timeout_minutes")
      expect(result.stderr).toContain(scenarioFile("empty-yaml"))
      expect(existsSync(join(temp.directory, ".ze"))).toBe(false)
    } finally {
      temp.remove()
    }
  }, 60_000)
})

import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import { readFileSync } from "node:fs"
import { globToRegExp, runHeuristics } from "../src/index.js"
import { scenarioFromYaml, tempDir, writeTree } from "./support.js"

const options = { timeout: Duration.seconds(10), outputCapBytes: 4096 }

const yaml = `id: h
suite: s
artifact: { type: figma, figma_file_id: FILE123 }
heuristic_checks:
  enabled: true
  commands:
    - { name: ok_command, command: "test -f app/page.tsx", weight: 2.0, description: "page exists" }
    - { name: failing_command, command: "exit 3" }
  files:
    - { name: has_config, path: next.config.js }
    - { name: no_lockfile, path: package-lock.json, exists: false }
    - { name: missing_dir, path: nope }
  patterns:
    - { name: async_page, file: "app/**/*.tsx", pattern: "export default async function", weight: 2.5 }
    - { name: no_hooks, file: "app/**/page.tsx", pattern: "useState|useEffect", absent: true, weight: 2.0 }
    - { name: no_hooks_negate, file: "app/**/page.tsx", pattern: "useEffect", negate: true }
    - { name: nothing_matches, file: "lib/**/*.ts", pattern: "x" }
    - { name: absent_and_no_files, file: "lib/**/*.ts", pattern: "x", absent: true }
  structured:
    - { name: test_script, file: package.json, json_path: "$.scripts.test" }
    - { name: no_deps, file: package.json, json_path: "$.dependencies.left-pad", exists: false }
    - { name: section, file: docs/PRD.md, section_header: "## Security" }
    - { name: yaml_value, file: config.yaml, json_path: "$.server.port" }
    - { name: missing_file_absent, file: nothing.json, exists: false }
  scripts:
    - { name: script_args, script: check.sh, args: ["\${artifact.figma_file_id}", "\${scenario.suite}"] }
`

describe("heuristic checks", () => {
  it.live("commands, files, patterns (absent/negate), structured (exists: false) and scripts, weighted", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      writeTree(dir, {
        "app/page.tsx": "export default async function Page() { const r = await fetch('x'); return r }",
        "app/other/page.tsx": "export default function Other() { return useEffect }",
        "next.config.js": "module.exports = {}",
        "package.json": JSON.stringify({ scripts: { test: "vitest run" }, dependencies: { react: "19" } }),
        "docs/PRD.md": "# PRD\n## Security\nyes",
        "config.yaml": "server:\n  port: 80\n",
        "check.sh": "test \"$1\" = FILE123 && test \"$2\" = s"
      })
      const { checks, result } = yield* runHeuristics(scenarioFromYaml(yaml, dir), dir, options)
      const passed = Object.fromEntries(checks.map((c) => [c.name, c.passed]))
      expect(passed).toEqual({
        ok_command: true,
        failing_command: false,
        has_config: true,
        no_lockfile: true,
        missing_dir: false,
        async_page: true,
        no_hooks: false,
        no_hooks_negate: false,
        nothing_matches: false,
        absent_and_no_files: true,
        test_script: true,
        no_deps: true,
        section: true,
        yaml_value: true,
        missing_file_absent: true,
        script_args: true
      })
      const total = checks.reduce((s, c) => s + c.weight, 0)
      const earned = checks.reduce((s, c) => s + (c.passed ? c.weight : 0), 0)
      expect(result).toMatchObject({ name: "heuristic_checks", status: "ok" })
      expect(result.score).toBeCloseTo(earned / total)
      expect(result.details).toContain(`Passed: 11/16 checks`)
      expect(result.details).toContain("✓ ok_command (weight: 2.0) - page exists")
      expect(result.details).toContain("✗ nothing_matches (weight: 1.0)\n  Error: No files matched pattern lib/**/*.ts")
      expect(result.details).toMatch(/✗ no_hooks \(weight: 2\.0\)\n {2}Error: Pattern found in app\/other\/page\.tsx/)
    }).pipe(Effect.scoped))

  it.effect("absent, disabled or empty checks are skipped, not scored 0", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      const run = (text: string) =>
        Effect.map(runHeuristics(scenarioFromYaml(text, dir), dir, options), (r) => r.result)
      expect(yield* run("id: a\nsuite: s\n")).toMatchObject({ status: "skipped", score: null })
      expect(yield* run("id: a\nsuite: s\nheuristic_checks:\n  enabled: false\n  files: [{name: f, path: x}]\n"))
        .toMatchObject({ status: "skipped" })
      expect(yield* run("id: a\nsuite: s\nheuristic_checks:\n  enabled: true\n")).toMatchObject({ status: "skipped" })
    }).pipe(Effect.scoped))

  it("globs: **, *, ?, braces and classes", () => {
    expect(globToRegExp("app/**/*.tsx").test("app/page.tsx")).toBe(true)
    expect(globToRegExp("app/**/*.tsx").test("app/a/b/page.tsx")).toBe(true)
    expect(globToRegExp("app/*.tsx").test("app/a/page.tsx")).toBe(false)
    expect(globToRegExp("src/**/*.{ts,tsx,css}").test("src/styles/x.css")).toBe(true)
    expect(globToRegExp("./file?.[jt]s").test("file1.ts")).toBe(true)
    expect(globToRegExp("a.b").test("axb")).toBe(false)
  })

  it.live("a glob that is not a valid pattern fails its own check, not the run", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      writeTree(dir, { "app/page.tsx": "export default async function Page() {}" })
      const scenario = scenarioFromYaml(
        `id: g\nsuite: s\nheuristic_checks:\n  enabled: true\n  patterns:\n    - { name: bad_glob, file: "app/[z-a].tsx", pattern: "x" }\n    - { name: good, file: "app/*.tsx", pattern: "async" }\n`,
        dir
      )
      const { checks } = yield* runHeuristics(scenario, dir, options)
      expect(checks.find((c) => c.name === "bad_glob")).toMatchObject({ passed: false })
      expect(checks.find((c) => c.name === "bad_glob")?.error).toContain("invalid file glob app/[z-a].tsx")
      expect(checks.find((c) => c.name === "good")?.passed).toBe(true)
    }).pipe(Effect.scoped))

  it.live("a check naming a command the validation already ran reads that run instead of running it again", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      const counted = `echo ran >> ${dir}/count.txt`
      const scenario = scenarioFromYaml(
        `id: h
suite: s
heuristic_checks:
  enabled: true
  commands:
    - { name: same_as_test, command: "${counted}" }
    - { name: same_as_failing_lint, command: "exit 4" }
    - { name: its_own, command: "${counted}; true" }
`,
        dir
      )
      const run = (command: string, kind: string, exitCode: number) => ({
        kind,
        command,
        required: false,
        passed: exitCode === 0,
        exitCode,
        timedOut: false,
        durationMs: 5,
        stdoutTail: "",
        stderrTail: exitCode === 0 ? "" : "lint: 2 problems"
      })
      const { checks } = yield* runHeuristics(scenario, dir, {
        ...options,
        alreadyRan: [run(counted, "test", 0), run("exit 4", "lint", 4)]
      })
      expect(checks.map((c) => [c.name, c.passed])).toEqual([
        ["same_as_test", true],
        ["same_as_failing_lint", false],
        ["its_own", true]
      ])
      // Only the check with a command of its own ran: the file has one line.
      expect(readFileSync(`${dir}/count.txt`, "utf8")).toBe("ran\n")
    }).pipe(Effect.scoped))
})

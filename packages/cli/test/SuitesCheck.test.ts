import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs"
import { delimiter, dirname, join } from "node:path"
import { afterAll } from "vitest"
import { SuiteCheckDocument } from "../src/Documents.js"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

const upstream = join(process.cwd(), "..", "shared", "upstream-suites", "suites")
const hasUpstream = existsSync(upstream)
if (!hasUpstream) console.warn(`Skipping ze suites check over upstream's scenarios: ${upstream} is absent`)

const directories: Array<ReturnType<typeof tempDirectory>> = []
afterAll(() => directories.forEach((directory) => directory.remove()))

const check = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const directory = tempDirectory("ze-check-")
  directories.push(directory)
  const result = await ze(["suites", "check", ...args, "--format", "json"], { cwd: directory.directory, env })
  return {
    ...result,
    document: Schema.decodeUnknownSync(SuiteCheckDocument)(JSON.parse(result.stdout)),
    directory: directory.directory
  }
}

const write = (root: string, files: Record<string, string>) => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}

const answerIs = (value: number) => `validation:\n  commands:\n    test: "node check.mjs ${value}"\n`
const checkScript =
  "import { readFileSync } from 'node:fs'\nprocess.exit(readFileSync('index.js', 'utf8').includes(process.argv[2]) ? 0 : 1)\n"

describe.concurrent("ze suites check", () => {
  it("the bundled suites are all valid: something fails on each untouched fixture and passes with its solution", async () => {
    const { code, document } = await check(["--suites-dir", repoSuites])
    expect(code).toBe(0)
    expect(document.scenarios.map((s) => [s.scenario, s.verdict, s.oracleFails])).toEqual([
      ["demo/deep-merge", "valid", []],
      ["demo/fizzbuzz", "valid", []],
      ["demo/slugify", "valid", []],
      ["smoke/greeting", "valid", []]
    ])
    for (const scenario of document.scenarios) expect(scenario.discriminating).toContain("tests_nonregression")
  })

  it("names a scenario whose oracle fails and one without a reference solution; exit 1; markdown too", async () => {
    const directory = tempDirectory("ze-check-lab-")
    directories.push(directory)
    const root = join(directory.directory, "suites")
    for (const name of ["broken-oracle", "no-solution"]) {
      write(root, {
        [`lab/scenarios/${name}/scenario.yaml`]: `id: ${name}\nsuite: lab\n${answerIs(43)}`,
        [`lab/scenarios/${name}/repo-fixture/index.js`]: "export const answer = 42\n",
        [`lab/scenarios/${name}/repo-fixture/check.mjs`]: checkScript,
        [`lab/prompts/${name}/L0-minimal.md`]: "Make the answer 43.\n"
      })
    }
    write(root, { "lab/scenarios/broken-oracle/solution/index.js": "export const answer = 44\n" })
    const { code, document } = await check(["lab", "--suites-dir", root])
    expect(code).toBe(1)
    expect(document.scenarios.map((s) => [s.scenario, s.verdict, s.discriminating, s.oracleFails])).toEqual([
      ["lab/broken-oracle", "oracle fails", ["tests_nonregression"], ["tests_nonregression"]],
      ["lab/no-solution", "no reference solution", ["tests_nonregression"], null]
    ])
    expect(document.scenarios[0]?.reason).toBe("required command(s) failed: test")
    const markdown = await ze(["suites", "check", "lab", "--suites-dir", root, "--format", "markdown"], {
      cwd: directory.directory
    })
    expect(markdown.code).toBe(1)
    expect(markdown.stdout).toContain(
      "| lab/no-solution | L0 | no reference solution | tests_nonregression | none | – |"
    )
  })

  it("a scenario whose warmup needs a missing key or program cannot run here, and the check names what it needs", async () => {
    const directory = tempDirectory("ze-check-warmup-")
    directories.push(directory)
    const root = join(directory.directory, "suites")
    const warmups = {
      "key-warm": "  type: agent\n  agent:\n    provider: anthropic\n    prompt: Set it up.\n",
      "tool-warm": "  type: scripted\n  commands:\n    - cmd: ze-no-such-tool --prepare\n",
      "fine-warm": "  type: scripted\n  commands:\n    - cmd: node --version\n"
    }
    for (const [name, warmup] of Object.entries(warmups)) {
      write(root, {
        [`lab/scenarios/${name}/scenario.yaml`]: `id: ${name}\nsuite: lab\n${
          answerIs(43)
        }warmup:\n  enabled: true\n${warmup}`,
        [`lab/scenarios/${name}/repo-fixture/index.js`]: "export const answer = 42\n",
        [`lab/scenarios/${name}/repo-fixture/check.mjs`]: checkScript,
        [`lab/scenarios/${name}/solution/index.js`]: "export const answer = 43\n",
        [`lab/prompts/${name}/L0-minimal.md`]: "Make the answer 43.\n"
      })
    }
    const { code, document } = await check(["lab", "--suites-dir", root], { ANTHROPIC_API_KEY: "" })
    expect(code).toBe(1)
    expect(document.scenarios.map((s) => [s.scenario, s.verdict, s.needs])).toEqual([
      ["lab/fine-warm", "valid", []],
      ["lab/key-warm", "cannot run here", [
        "its warmup agent: the anthropic agent needs ANTHROPIC_API_KEY: set it (environment or .env)"
      ]],
      ["lab/tool-warm", "cannot run here", [
        "its warmup command `ze-no-such-tool --prepare` needs `ze-no-such-tool`, not installed here"
      ]]
    ])
    const table = await ze(["suites", "check", "lab", "--suites-dir", root], {
      cwd: directory.directory,
      env: { ANTHROPIC_API_KEY: "" }
    })
    expect(table.stdout).toContain(
      "lab/key-warm: cannot run here: its warmup agent: the anthropic agent needs ANTHROPIC_API_KEY"
    )
    const keyed = await check(["lab", "--suites-dir", root], { ANTHROPIC_API_KEY: "test-key" })
    expect(keyed.document.scenarios.find((s) => s.scenario === "lab/key-warm")?.needs).toEqual([])
  })

  it.skipIf(!hasUpstream)("over upstream's 55 scenarios, offline: none is valid, and each says why", async () => {
    const { code, document } = await check(["--suites-dir", upstream])
    expect(code).toBe(1)
    expect(document.scenarios).toHaveLength(55)
    const byVerdict = (verdict: string) =>
      document.scenarios.filter((s) => s.verdict === verdict).map((s) => s.scenario)
    expect(byVerdict("valid")).toEqual([])
    expect(byVerdict("no-op passes")).toEqual([
      "figma-analysis/mcp-example-file",
      "mcp-demos/figma-api-demo",
      "mcp-demos/github-repo-demo"
    ])
    const cannot = document.scenarios.filter((s) => s.verdict === "cannot run here")
    expect(cannot).toHaveLength(52)
    expect(cannot.filter((s) => s.reason.startsWith("no repo-fixture/ or repo/")).map((s) => s.scenario.split("/")[0]))
      .toEqual(Array(50).fill("next.js"))
    expect(
      cannot.filter((s) => s.reason === "`pnpm install` fetches dependencies from the network (--network lets it)").map(
        (s) => s.scenario
      )
    )
      .toEqual(["test-suite/test-scenario", "update-deps/nx-pnpm-monorepo"])
    for (const scenario of byVerdict("no-op passes")) {
      expect(document.scenarios.find((s) => s.scenario === scenario)?.reason).toContain(
        "only the LLM judge can tell a no-op from a solution"
      )
    }
  })

  it.skipIf(!hasUpstream)("update-deps with --network where every command succeeds: the no-op passes it", async () => {
    const directory = tempDirectory("ze-check-bin-")
    directories.push(directory)
    write(directory.directory, { "bin/pnpm": "#!/bin/sh\nexit 0\n" })
    chmodSync(join(directory.directory, "bin", "pnpm"), 0o755)
    const { code, document } = await check(["update-deps", "--suites-dir", upstream, "--network"], {
      PATH: `${join(directory.directory, "bin")}${delimiter}${process.env.PATH ?? ""}`
    })
    expect(code).toBe(1)
    expect(document.scenarios).toEqual([expect.objectContaining({
      scenario: "update-deps/nx-pnpm-monorepo",
      verdict: "no-op passes",
      discriminating: [],
      passingOnBaseline: ["install_success", "typecheck_success", "lint_success", "tests_nonregression"]
    })])
  })
})

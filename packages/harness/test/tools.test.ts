import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { answerQuestion, DEFAULT_ORACLE_ANSWER, makeOracle, makeWorkspaceTools, scrubbedEnv } from "../src/index.js"
import { tempDir } from "./support.js"

const setup = Effect.gen(function*() {
  const base = realpathSync(yield* tempDir())
  const root = join(base, "ws")
  const outside = join(base, "outside")
  mkdirSync(join(root, "src"), { recursive: true })
  mkdirSync(outside)
  writeFileSync(join(root, "src", "a.txt"), "inside")
  writeFileSync(join(outside, "secret.txt"), "outside")
  const oracle = yield* makeOracle({ "should i delete the tests": "No." })
  const tools = makeWorkspaceTools({ root, oracle, commandTimeout: "5 seconds", outputCapBytes: 1024 })
  return { root, outside, tools, oracle }
})

const refusal = <A>(effect: Effect.Effect<A, { readonly message: string }>) =>
  Effect.map(Effect.flip(effect), (e) => e.message)

describe("workspace tools and the jail", () => {
  it.scoped("reads, writes (creating parent folders) and lists inside the workspace", () =>
    Effect.gen(function*() {
      const { root, tools } = yield* setup
      expect(yield* tools.readFile("src/a.txt")).toBe("inside")
      expect(yield* tools.writeFile("deep/er/b.txt", "new")).toEqual({ path: "deep/er/b.txt", bytes: 3 })
      expect(readFileSync(join(root, "deep/er/b.txt"), "utf8")).toBe("new")
      expect(yield* tools.listFiles()).toEqual([{ name: "deep", type: "dir" }, { name: "src", type: "dir" }])
      expect(yield* tools.readFile("./src/../src/a.txt").pipe(Effect.flip, Effect.map((e) => e._tag))).toBe("ToolError")
    }))

  it.scoped("applyPatch applies a unified diff and names the files; a patch that does not apply changes nothing", () =>
    Effect.gen(function*() {
      const { root, tools } = yield* setup
      const patch = "--- a/src/a.txt\n+++ b/src/a.txt\n@@ -1 +1 @@\n-inside\n\\ No newline at end of file\n+patched\n"
      expect(yield* tools.applyPatch(patch)).toEqual({ files: ["src/a.txt"] })
      expect(readFileSync(join(root, "src", "a.txt"), "utf8")).toBe("patched\n")
      expect(yield* refusal(tools.applyPatch(patch))).toContain("applyPatch:")
      expect(readFileSync(join(root, "src", "a.txt"), "utf8")).toBe("patched\n")
    }))

  it.scoped("refuses `..` traversal and absolute paths with a clear message", () =>
    Effect.gen(function*() {
      const { outside, tools } = yield* setup
      expect(yield* refusal(tools.readFile("../outside/secret.txt"))).toContain("\"..\" is refused")
      expect(yield* refusal(tools.writeFile("src/../../x.txt", "x"))).toContain("\"..\" is refused")
      expect(yield* refusal(tools.readFile(join(outside, "secret.txt")))).toContain("absolute paths are refused")
      expect(yield* refusal(tools.listFiles("/etc"))).toContain("absolute paths are refused")
      expect(yield* refusal(tools.writeFile(".git/config", "x"))).toContain(".git")
    }))

  it.scoped("refuses symlinks that escape: files, folders and dangling links", () =>
    Effect.gen(function*() {
      const { outside, root, tools } = yield* setup
      symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"))
      symlinkSync(outside, join(root, "linkdir"))
      symlinkSync(join(outside, "not-yet.txt"), join(root, "dangling.txt"))
      symlinkSync("src/a.txt", join(root, "ok-link.txt"))
      expect(yield* refusal(tools.readFile("link.txt"))).toContain("resolves outside the workspace")
      expect(yield* refusal(tools.writeFile("linkdir/new.txt", "x"))).toContain("resolves outside the workspace")
      expect(yield* refusal(tools.listFiles("linkdir"))).toContain("resolves outside the workspace")
      expect(yield* refusal(tools.writeFile("dangling.txt", "x"))).toContain("broken symlink")
      expect(yield* tools.readFile("ok-link.txt")).toBe("inside")
    }))

  it.live("runCommand runs in the workspace and its timeout kills the whole process tree", () =>
    Effect.gen(function*() {
      const { root, tools } = yield* setup
      expect((yield* tools.runCommand("pwd")).stdout.trim()).toBe(root)
      const started = Date.now()
      const result = yield* tools.runCommand("sleep 60 & echo $! > bg.pid; sleep 60", { timeoutMs: 500 })
      expect(result.timedOut).toBe(true)
      expect(Date.now() - started).toBeLessThan(5000)
      const pid = Number(readFileSync(join(root, "bg.pid"), "utf8"))
      yield* Effect.sleep("100 millis")
      const state = (() => {
        try {
          return readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2]
        } catch {
          return "gone"
        }
      })()
      expect(["gone", "Z"]).toContain(state)
    }).pipe(Effect.scoped))

  it.scoped("runCommand caps output, keeping its head and tail", () =>
    Effect.gen(function*() {
      const { tools } = yield* setup
      const result = yield* tools.runCommand("node -e \"process.stdout.write('a'.repeat(5000) + 'END')\"")
      expect(result.outputTruncated).toBe(true)
      expect(result.stdout.length).toBeLessThan(1200)
      expect(result.stdout).toMatch(/^a+\n…\[\d+ bytes omitted\]…\na+END$/)
    }))

  it.scoped("commands never see the user's API keys", () =>
    Effect.gen(function*() {
      const { tools } = yield* setup
      const keys = {
        ANTHROPIC_API_KEY: "value-1-leaked",
        OPENROUTER_API_KEY: "value-2-leaked",
        GITHUB_TOKEN: "value-3-leaked",
        AWS_SECRET_ACCESS_KEY: "value-4-leaked",
        ZE_API_KEY: "value-5-leaked"
      }
      Object.assign(process.env, keys, { ZE_HARNESS_VISIBLE: "yes" })
      try {
        const env = (yield* tools.runCommand("env | grep -E 'KEY|TOKEN|leaked|ZE_HARNESS|^PATH='")).stdout
        for (const [name, value] of Object.entries(keys)) {
          expect(env).not.toContain(name)
          expect(env).not.toContain(value)
        }
        expect(env).toContain("ZE_HARNESS_VISIBLE=yes")
        expect(env).toContain("PATH=")
      } finally {
        for (const name of [...Object.keys(keys), "ZE_HARNESS_VISIBLE"]) delete process.env[name]
      }
      expect(Object.keys(scrubbedEnv({ MY_PASSWORD: "x", HOME: "/h" }))).toEqual(["HOME", "CI", "GIT_TERMINAL_PROMPT"])
    }))

  it.scoped("askUser answers from the oracle file and records every exchange", () =>
    Effect.gen(function*() {
      const { oracle, tools } = yield* setup
      expect(yield* tools.askUser("Should I delete the tests")).toBe("No.")
      expect(yield* tools.askUser("What is the meaning of life?")).toBe(DEFAULT_ORACLE_ANSWER)
      expect((yield* oracle.exchanges).map((e) => e.match)).toEqual(["exact", "default"])
    }))

  it("oracle matching: exact key, then fuzzy (key in question, or question start in key), then the default", () => {
    const answers = {
      assume_risk_for_major_bumps: "Yes, runtime only.",
      "should i update to react 19": "No, stay on 18."
    }
    expect(answerQuestion(answers, "  Should I update to React 19  ")).toMatchObject({
      match: "exact",
      answer: "No, stay on 18."
    })
    expect(answerQuestion(answers, "Can I assume risk for major bumps here?")).toMatchObject({
      match: "fuzzy",
      key: "assume_risk_for_major_bumps"
    })
    expect(answerQuestion(answers, "should i update to react 19 or 20, and when?")).toMatchObject({ match: "fuzzy" })
    expect(answerQuestion(answers, "Which colour?")).toMatchObject({ match: "default", answer: DEFAULT_ORACLE_ANSWER })
  })
})

import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs"
import { homedir } from "node:os"
import { join } from "node:path"
import { echoAgent, isAlive, loadSuites, noUsage, runBatch, SANDBOX_VARIABLE, taggedProcesses } from "../src/index.js"
import type { Agent, WorkspaceTools } from "../src/index.js"
import { entriesOf, tempDir, withHarness, writeTree } from "./support.js"

const MiB = 1024 * 1024

/** What one attempt got: the tool's answer (shortened) or its error. */
interface Attempt {
  readonly name: string
  readonly ok: boolean
  readonly text: string
  readonly value?: unknown
}

const attempt = <A>(name: string, call: Effect.Effect<A, { readonly message: string }>) =>
  Effect.match(call, {
    onFailure: (error): Attempt => ({ name, ok: false, text: error.message }),
    onSuccess: (value): Attempt => ({ name, ok: true, text: JSON.stringify(value).slice(0, 2000), value })
  })

/** Everything a hostile agent tries, through the tools it is given, in order. */
const attacks = (tools: WorkspaceTools, outside: string) => [
  attempt("traversal read", tools.readFile("../../../../../../etc/passwd")),
  attempt("traversal write", tools.writeFile("src/../../escaped.txt", "x")),
  attempt("absolute write", tools.writeFile(join(outside, "pwned.txt"), "x")),
  attempt("symlink out", tools.runCommand(`ln -s ${outside} escape && ln -s ${join(outside, "secret.txt")} secret`)),
  attempt("write through symlink", tools.writeFile("escape/pwned.txt", "x")),
  attempt("overwrite through symlink", tools.writeFile("secret", "x")),
  attempt("read through symlink", tools.readFile("secret")),
  attempt(
    "patch through symlink",
    tools.applyPatch("--- /dev/null\n+++ b/escape/patched.txt\n@@ -0,0 +1 @@\n+x\n")
  ),
  attempt("ssh keys", tools.readFile(join(homedir(), ".ssh", "id_rsa"))),
  attempt("ssh keys, tilde", tools.listFiles("~/.ssh")),
  attempt("shadow", tools.readFile("/etc/shadow")),
  attempt("environment", tools.runCommand("env")),
  // A bounded fork storm: 2^7 - 1 processes, each sleeping, so only the timeout ends it.
  attempt(
    "fork storm",
    tools.runCommand("f() { if [ $1 -gt 0 ]; then f $(($1 - 1)) & f $(($1 - 1)) & fi; sleep 300; }; f 6", {
      timeoutMs: 1500
    })
  ),
  attempt("never ends", tools.runCommand("sleep 300", { timeoutMs: 500 })),
  attempt("prints gigabytes", tools.runCommand("yes 'ze sandbox output'")),
  attempt(
    "outlives its command",
    tools.runCommand(
      "setsid sleep 301 >/dev/null 2>&1 & echo $! > setsid.pid; nohup sleep 302 >/dev/null 2>&1 & echo $! > nohup.pid"
    )
  ),
  attempt("holds the output open", tools.runCommand("setsid sleep 303 & echo started")),
  attempt("huge file from a command", tools.runCommand("head -c 3G /dev/zero > huge.bin")),
  attempt("huge file from writeFile", tools.writeFile("huge.txt", "x".repeat(2 * MiB))),
  attempt("pids", tools.runCommand("cat setsid.pid nohup.pid"))
]

const scriptedAgent = (outside: string, log: Array<Attempt>): Agent => ({
  ...echoAgent,
  name: "hostile",
  run: (input) =>
    Effect.gen(function*() {
      for (const step of attacks(input.tools, outside)) log.push(yield* step)
      return { finalText: "tried everything", usage: noUsage }
    })
})

describe("a sandbox that holds", () => {
  it.live(
    "a scripted hostile agent is contained: clear tool errors or bounded results, nothing outside changes, no process survives",
    () =>
      Effect.gen(function*() {
        const base = realpathSync(yield* tempDir("ze-sandbox-"))
        const outside = join(base, "outside")
        const suites = join(base, "suites")
        writeTree(outside, { "secret.txt": "outside secret" })
        writeTree(join(suites, "lab", "scenarios", "sandbox"), {
          "scenario.yaml":
            "id: sandbox\nsuite: lab\ntitle: sandbox\nvalidation:\n  commands:\n    test: test -f done.txt\n",
          "repo-fixture/src/index.js": "export const answer = 42\n"
        })
        writeTree(join(suites, "lab", "prompts", "sandbox"), { "L0-minimal.md": "Break out.\n" })
        const { scenarios } = yield* loadSuites(suites, { suites: ["lab"] })
        const log: Array<Attempt> = []
        process.env.ZE_SANDBOX_TEST_API_KEY = "value-that-must-not-leak"
        const { left, summary, survivors } = yield* withHarness(
          (workspacesDir) =>
            Effect.map(
              runBatch({ batchId: "sandbox", matrix: { scenarios, agents: [{ agent: "hostile", model: null }] } }),
              (summary) => ({
                summary,
                left: entriesOf(workspacesDir),
                survivors: taggedProcesses(SANDBOX_VARIABLE, realpathSync(workspacesDir), "prefix")
              })
            ),
          {
            agents: [scriptedAgent(outside, log)],
            settings: { outputLimitBytes: MiB, fileSizeLimitBytes: MiB, outputCapBytes: 4096 }
          }
        ).pipe(Effect.ensuring(Effect.sync(() => delete process.env.ZE_SANDBOX_TEST_API_KEY)))
        const by = (name: string) => {
          const found = log.find((a) => a.name === name)
          if (found === undefined) throw new Error(`no attempt ${name}`)
          return found
        }
        const refused = (name: string, message: string) =>
          expect(by(name), name).toMatchObject({ ok: false, text: expect.stringContaining(message) })
        const command = (name: string) =>
          by(name).value as {
            exitCode: number | null
            stdout: string
            timedOut: boolean
            outputLimitExceeded: boolean
            outputTruncated: boolean
          }

        // The run still ends with a proper status: the agent did not solve the task.
        expect(summary.results.map((r) => r.status)).toEqual(["failed"])
        expect(log).toHaveLength(20)

        refused("traversal read", "\"..\" is refused")
        refused("traversal write", "\"..\" is refused")
        refused("absolute write", "absolute paths are refused")
        expect(by("symlink out").ok).toBe(true)
        refused("write through symlink", "resolves outside the workspace")
        refused("overwrite through symlink", "resolves outside the workspace")
        refused("read through symlink", "resolves outside the workspace")
        refused("patch through symlink", "applyPatch:")
        refused("ssh keys", "absolute paths are refused")
        refused("ssh keys, tilde", "cannot list ~/.ssh")
        refused("shadow", "absolute paths are refused")

        const env = command("environment").stdout
        expect(env).not.toContain("ZE_SANDBOX_TEST_API_KEY")
        expect(env).not.toContain("value-that-must-not-leak")

        expect(command("fork storm").timedOut).toBe(true)
        expect(command("never ends").timedOut).toBe(true)
        // Stopped by the output limit long before the tool's 60 s deadline; only head and tail are kept.
        expect(command("prints gigabytes")).toMatchObject({
          timedOut: false,
          outputLimitExceeded: true,
          outputTruncated: true
        })
        expect(command("prints gigabytes").stdout.length).toBeLessThan(8192)
        expect(command("outlives its command")).toMatchObject({ exitCode: 0, timedOut: false })
        expect(command("holds the output open")).toMatchObject({ timedOut: false, stdout: "started\n" })
        // The file size limit stops the write at 1 MiB: the command fails, no 3 GB file.
        expect(command("huge file from a command").exitCode).not.toBe(0)
        refused("huge file from writeFile", "limit 1048576")
        const pids = command("pids").stdout.trim().split("\n").map(Number)
        expect(pids).toHaveLength(2)
        for (const pid of pids) {
          expect(isAlive(pid) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z"), `pid ${pid}`).toBe(false)
        }

        // Nothing outside the workspace changed; the workspace itself is gone with everything that ran in it.
        expect(readdirSync(outside)).toEqual(["secret.txt"])
        expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("outside secret")
        expect(existsSync(join(base, "escaped.txt"))).toBe(false)
        expect(survivors).toEqual([])
        expect(left).toEqual([])
      }).pipe(Effect.scoped),
    60_000
  )
})

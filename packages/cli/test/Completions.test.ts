import { describe, expect, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory()
afterAll(cwd.remove)

/** What bash offers for the last word of `line`, as the completion function sees it when TAB is pressed. */
const complete = (script: string, words: ReadonlyArray<string>) =>
  execFileSync("bash", [
    "-c",
    [
      `source ${JSON.stringify(script)}`,
      `COMP_WORDS=(${words.map((word) => JSON.stringify(word)).join(" ")})`,
      `COMP_CWORD=${words.length - 1}`,
      `_ze_bash_completions ze ${JSON.stringify(words.at(-1))} ${JSON.stringify(words.at(-2))}`,
      `printf '%s\\n' "\${COMPREPLY[@]}"`
    ].join("\n")
  ], { encoding: "utf8" }).split("\n").filter((word) => word !== "")

describe("ze --completions bash", () => {
  it("completes nested commands' flags and each choice of --format", async () => {
    const result = await ze(["--completions", "bash"], { cwd: cwd.directory })
    expect(result.code).toBe(0)
    const script = join(cwd.directory, "ze.bash")
    writeFileSync(script, result.stdout)
    expect(complete(script, ["ze", "runs", "list", "--li"])).toEqual(["--limit"])
    expect(complete(script, ["ze", "runs", ""])).toEqual(expect.arrayContaining(["list", "show"]))
    expect(complete(script, ["ze", "bench", "--format", ""])).toEqual(["table", "json", "markdown", "junit"])
    expect(complete(script, ["ze", "export", "X", "--format", "j"])).toEqual(["json", "junit"])
    expect(complete(script, ["ze", "runs", "list", "--status", "pa"])).toEqual(["passed"])
  })
})

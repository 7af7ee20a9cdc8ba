import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { tempDirectory, ze } from "./support/Ze.js"

const suites = fileURLToPath(new URL("../../../suites", import.meta.url))

/** Each bad store is refused before anything runs: exit 2, one line naming the file, well within a second of work. */
describe("a store that cannot be used", () => {
  it("is named with what is wrong, exit 2, for reads and for a batch, and nothing is created", async () => {
    const temp = tempDirectory()
    try {
      writeFileSync(join(temp.directory, "garbage.db"), "not a database")
      const cases: ReadonlyArray<[ReadonlyArray<string>, RegExp]> = [
        [
          ["runs", "list", "--db", join(temp.directory, "typo.db")],
          /^ze: No store at .*typo\.db: nothing has been stored there/
        ],
        [
          ["runs", "list", "--db", join(temp.directory, "garbage.db")],
          /^ze: The store .*garbage\.db is not a SQLite database/
        ],
        [["runs", "list", "--db", temp.directory], /^ze: The store .* is a folder, not a database file/],
        [
          ["bench", "demo", "--agent", "echo", "--suites-dir", suites, "--db", "/proc/nope/ze.db"],
          /^ze: The store \/proc\/nope\/ze\.db cannot be created/
        ],
        [[
          "bench",
          "demo",
          "--agent",
          "echo",
          "--suites-dir",
          suites,
          "--db",
          join(temp.directory, "garbage.db", "ze.db")
        ], /^ze: The store .* a part of its path is a file/]
      ]
      for (const [args, message] of cases) {
        const started = Date.now()
        const result = await ze(args, { cwd: temp.directory })
        expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(2)
        expect(result.stderr.trim(), args.join(" ")).toMatch(message)
        expect(result.stderr.trim().split("\n")).toHaveLength(1)
        expect(Date.now() - started, args.join(" ")).toBeLessThan(15_000)
      }
      expect(existsSync(join(temp.directory, "typo.db"))).toBe(false)
      expect(existsSync(join(temp.directory, ".ze"))).toBe(false)
    } finally {
      temp.remove()
    }
  }, 120_000)
})

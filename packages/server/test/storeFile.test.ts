import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope } from "effect"
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { makeInProcessHandler } from "../src/inProcess.js"
import { SqliteStorage } from "../src/Sqlite.js"
import { checkStoreFile } from "../src/StoreFile.js"

const temp = () => mkdtempSync(join(tmpdir(), "ze-store-"))

const reasonOf = (filename: string, access: "read" | "write") =>
  Effect.runSync(
    Effect.match(checkStoreFile(filename, access), {
      onFailure: (problem) => problem.reason,
      onSuccess: (state) => state
    })
  )

describe("checking a store's file before it opens", () => {
  it("names what is wrong with a path, at once, and creates nothing on a read", () => {
    const directory = temp()
    try {
      writeFileSync(join(directory, "notes.txt"), "not a database at all")
      expect(reasonOf(directory, "write")).toBe("is a folder, not a database file")
      expect(reasonOf(join(directory, "notes.txt"), "read")).toBe(
        "is not a SQLite database (ze's store is a SQLite file)"
      )
      expect(reasonOf(join(directory, "notes.txt", "ze.db"), "write")).toBe(
        "cannot be used: a part of its path is a file, not a folder"
      )
      expect(reasonOf(join(directory, "typo.db"), "read")).toBe("missing")
      expect(existsSync(join(directory, "typo.db"))).toBe(false)
      expect(reasonOf(join(directory, "new", "deeper", "ze.db"), "write")).toBe("missing")
      expect(existsSync(join(directory, "new", "deeper"))).toBe(true)
      writeFileSync(join(directory, "empty.db"), "")
      expect(reasonOf(join(directory, "empty.db"), "write")).toBe("ready")
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })

  it("answers for a path under /proc instead of spinning (Node's recursive mkdir never returns there)", () => {
    const started = Date.now()
    expect(reasonOf("/proc/nope/ze.db", "write")).toBe(
      "cannot be created: the folder /proc/nope cannot be made (ENOENT)"
    )
    expect(reasonOf("/proc/nope/ze.db", "read")).toBe("missing")
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it.effect("a damaged file is refused when the store opens, with SQLite's own words", () =>
    Effect.gen(function*() {
      const directory = temp()
      const filename = join(directory, "ze.db")
      const built = yield* Effect.scoped(Layer.build(SqliteStorage(filename)))
      expect(built).toBeDefined()
      copyFileSync(filename, join(directory, "backup.db"))
      const descriptor = openSync(filename, "r+")
      writeSync(descriptor, Buffer.alloc(4096, 0xaa), 0, 4096, 4096)
      closeSync(descriptor)
      const exit = yield* Effect.exit(Effect.scoped(Layer.build(SqliteStorage(filename))))
      expect(Exit.isFailure(exit)).toBe(true)
      const message = Exit.isFailure(exit) ? String(exit.cause) : ""
      expect(message).toMatch(/The store .*ze\.db (is damaged|cannot be opened)/)
      rmSync(directory, { recursive: true, force: true })
    }))

  it.effect("/health answers 503 when the store stops answering", () =>
    Effect.gen(function*() {
      const directory = temp()
      mkdirSync(directory, { recursive: true })
      const scope = yield* Scope.make()
      const storage = yield* Layer.buildWithScope(SqliteStorage(join(directory, "ze.db")), scope)
      const { dispose, handler } = makeInProcessHandler({ storage: Layer.succeedContext(storage) })
      const healthy = yield* Effect.promise(() => handler(new Request("http://ze.test/health")))
      expect(healthy.status).toBe(200)
      yield* Scope.close(scope, Exit.void)
      const down = yield* Effect.promise(() => handler(new Request("http://ze.test/health")))
      expect(down.status).toBe(503)
      expect(yield* Effect.promise(() => down.json())).toMatchObject({
        _tag: "StoreUnavailable",
        message: expect.stringContaining("The store cannot be read")
      })
      yield* Effect.promise(dispose)
      rmSync(directory, { recursive: true, force: true })
    }))
})

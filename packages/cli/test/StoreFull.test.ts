import { describe, expect, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

/** A small tmpfs stands in for a full disk; mounting needs root and a kernel that lets this sandbox mount. */
const mountSmallDisk = (directory: string): boolean => {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=320k", "tmpfs", directory], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

const home = tempDirectory("ze-store-full-")
const disk = join(home.directory, "disk")
mkdirSync(disk)
const mounted = mountSmallDisk(disk)
afterAll(() => {
  if (mounted) execFileSync("umount", [disk])
  home.remove()
})

describe.skipIf(!mounted)("a local store that fills up mid-batch (skipped where tmpfs cannot be mounted)", () => {
  it(
    "stops the batch with one line naming the file and the fault, spools nothing, and --resume elsewhere finishes it",
    async () => {
      const spool = join(home.directory, "spool")
      const env = { ZE_SUITES_DIR: repoSuites, ZE_SPOOL_DIR: spool }
      const database = join(disk, "ze.db")
      const full = await ze(
        ["bench", "demo", "--agent", "echo,oracle", "--repeat", "8", "--concurrency", "2", "--db", database],
        { cwd: home.directory, env }
      )
      expect(full.code).toBe(2)
      const batchId = /Batch (batch-[\w-]+):/.exec(full.stdout + full.stderr)?.[1]
      expect(batchId).toBeDefined()
      expect(full.stderr).toContain(`ze: cannot write to the store ${database}: the database or its disk is full`)
      expect(full.stderr).toContain(`ze bench --resume ${batchId} --db ${database}`)
      expect(full.stderr).not.toMatch(/SqlError|SqliteError|\n\s+at /)
      expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([])

      const roomy = join(home.directory, "roomy")
      mkdirSync(roomy)
      for (const name of readdirSync(disk).filter((file) => file.startsWith("ze.db"))) {
        copyFileSync(join(disk, name), join(roomy, name))
      }
      const moved = join(roomy, "ze.db")
      const resumed = await ze(
        ["bench", "--resume", batchId!, "--db", moved, "--concurrency", "4", "--format", "json"],
        {
          cwd: home.directory,
          env
        }
      )
      expect(resumed.code).toBe(0)
      const runs = JSON.parse(resumed.stdout).batch.runs as ReadonlyArray<
        { readonly runId: string; readonly status: string }
      >
      expect(runs).toHaveLength(3 * 2 * 8)
      expect(new Set(runs.map((run) => run.runId)).size).toBe(runs.length)
      expect(runs.every((run) => run.status === "passed" || run.status === "failed")).toBe(true)
    },
    240_000
  )
})

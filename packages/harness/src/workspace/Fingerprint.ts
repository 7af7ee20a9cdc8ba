import { Effect } from "effect"
import { createHash } from "node:crypto"
import { readdir, stat } from "node:fs/promises"
import { join } from "node:path"

const walk = async (dir: string, prefix: string, out: Array<string>) => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === "node_modules" || entry.name === ".git") continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await walk(path, `${prefix}${entry.name}/`, out)
    else {
      const info = await stat(path).catch(() => undefined)
      out.push(`${prefix}${entry.name}:${info?.size ?? -1}:${info?.mtimeMs ?? -1}`)
    }
  }
}

/** A cheap fingerprint of a tree (names, sizes, mtimes): tells whether anything under it changed. */
export const fingerprintTree = (dir: string) =>
  Effect.promise(async () => {
    const lines: Array<string> = []
    await walk(dir, "", lines)
    return { files: lines, hash: createHash("sha256").update(lines.join("\n")).digest("hex") }
  })

/** Paths whose entry differs between two fingerprints. */
export const changedEntries = (before: ReadonlyArray<string>, after: ReadonlyArray<string>) => {
  const name = (line: string) => line.slice(0, line.lastIndexOf(":", line.lastIndexOf(":") - 1))
  const a = new Set(before)
  const b = new Set(after)
  return [...new Set([...before.filter((l) => !b.has(l)), ...after.filter((l) => !a.has(l))].map(name))].sort()
}

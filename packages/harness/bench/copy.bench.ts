import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, bench, describe } from "vitest"
import { copyTree } from "../src/workspace/CopyTree.js"

/** A fixture the size of a small real project: 40 folders × 50 files of about 2 KiB. */
const folders = 40
const filesPerFolder = 50
let root = ""
let fixture = ""
let copies = 0

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ze-bench-copy-"))
  fixture = join(root, "fixture")
  for (let f = 0; f < folders; f++) {
    await mkdir(join(fixture, `src/module-${f}`), { recursive: true })
    await Promise.all(
      Array.from(
        { length: filesPerFolder },
        (_, i) => writeFile(join(fixture, `src/module-${f}/file-${i}.ts`), `export const value${i} = ${i}\n`.repeat(80))
      )
    )
  }
  await writeFile(join(fixture, "README.md"), "skipped by default\n")
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const target = () => join(root, `copy-${copies++}`)
const keep = (name: string) => name !== ".git" && name !== "node_modules" && name !== "README.md"

describe(`copy a ${folders * filesPerFolder}-file fixture into a fresh workspace`, () => {
  bench("fs.cp with a filter (baseline)", async () => {
    await cp(fixture, target(), { recursive: true, filter: (source) => keep(source.split("/").at(-1) ?? "") })
  }, { iterations: 10, warmupIterations: 2 })

  bench("copyTree (ze: parallel, copy-on-write where possible)", async () => {
    await copyTree(fixture, target(), keep)
  }, { iterations: 10, warmupIterations: 2 })
})

import { constants } from "node:fs"
import { copyFile, mkdir, readdir, readlink, symlink } from "node:fs/promises"
import { join } from "node:path"

/**
 * Copies a tree, files of a folder in parallel, cloning them (copy-on-write) where the file system allows;
 * symlinks are copied as links. Faster than `fs.cp` on fixtures of thousands of files (`pnpm bench:perf`), which stats
 * and filters every entry one at a time.
 */
export const copyTree = async (from: string, to: string, keep: (name: string) => boolean): Promise<number> => {
  await mkdir(to, { recursive: true })
  const entries = await readdir(from, { withFileTypes: true })
  const counts = await Promise.all(
    entries.filter((entry) => keep(entry.name)).map(async (entry) => {
      const source = join(from, entry.name)
      const target = join(to, entry.name)
      if (entry.isDirectory()) return copyTree(source, target, keep)
      if (entry.isSymbolicLink()) await symlink(await readlink(source), target)
      else await copyFile(source, target, constants.COPYFILE_FICLONE)
      return 1
    })
  )
  return counts.reduce((sum, n) => sum + n, 0)
}

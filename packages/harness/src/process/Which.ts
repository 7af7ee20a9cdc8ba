import { Config, Effect } from "effect"
import { existsSync } from "node:fs"
import { delimiter, isAbsolute, join } from "node:path"

/** Whether `bin` (a path, or a name looked up on `path`) exists. */
export const onPath = (bin: string, path: string) =>
  isAbsolute(bin) || bin.includes("/")
    ? existsSync(bin)
    : path.split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, bin)))

/** Whether `bin` is found on the configured PATH (or `pathOverride`, when an agent runs with its own). */
export const isInstalled = (bin: string, pathOverride?: string) =>
  Effect.map(
    Config.string("PATH").pipe(Config.withDefault(""), Effect.orElseSucceed(() => "")),
    (path) => onPath(bin, pathOverride ?? path)
  )

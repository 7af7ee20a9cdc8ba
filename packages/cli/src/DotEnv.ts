import { FileSystem } from "@effect/platform"
import { Effect } from "effect"
import { parseEnv } from "node:util"
import { FileError } from "./Errors.js"

/**
 * Reads `.env` from the current directory into the environment, as upstream's dotenv did: variables
 * already set win. Everything else then reads configuration through `Config`, from the environment.
 */
export const loadDotEnv = (file = ".env") =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    if (!(yield* fs.exists(file))) return
    const text = yield* fs.readFileString(file)
    for (const [name, value] of Object.entries(parseEnv(text))) {
      if (process.env[name] === undefined && value !== undefined) process.env[name] = value
    }
  }).pipe(
    Effect.mapError((error) => new FileError({ message: `Cannot read ${file}: ${error.message}`, path: file }))
  )

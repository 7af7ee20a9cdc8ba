import { Options } from "@effect/cli"
import type { SuiteSelection } from "@ze/harness"
import { Config, Effect, Option } from "effect"
import { existsSync, statSync } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"

export const defaultSuitesRoot = "suites"

export const suitesDirOption = Options.text("suites-dir").pipe(
  Options.withPseudoName("DIR"),
  Options.withDescription(`Where the suites live (default ${defaultSuitesRoot}, or ZE_SUITES_DIR).`),
  Options.optional
)

/** `--suites-dir`, else `ZE_SUITES_DIR`, else `suites` under the current directory. */
export const suitesRootOf = (flag: Option.Option<string>) =>
  Option.match(flag, {
    onSome: Effect.succeed,
    onNone: () => Config.nonEmptyString("ZE_SUITES_DIR").pipe(Config.withDefault(defaultSuitesRoot))
  })

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory()

export interface SuitesPath {
  readonly root: string
  readonly selection: SuiteSelection
}

/** A suites root, one suite (a folder with `scenarios/`) or one scenario (a folder with `scenario.yaml`). */
export const resolveSuitesPath = (path: string): SuitesPath => {
  const absolute = resolve(path)
  if (existsSync(join(absolute, "scenario.yaml"))) {
    const suiteDir = dirname(dirname(absolute))
    return { root: dirname(suiteDir), selection: { suites: [basename(suiteDir)], scenarios: [basename(absolute)] } }
  }
  if (isDirectory(join(absolute, "scenarios"))) {
    return { root: dirname(absolute), selection: { suites: [basename(absolute)] } }
  }
  return { root: absolute, selection: {} }
}

/** Comma lists and repeated flags both work: `--tier L0,L1 --tier L2`. */
export const splitList = (values: ReadonlyArray<string>) =>
  values.flatMap((value) => value.split(",")).map((value) => value.trim()).filter((value) => value.length > 0)

export const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

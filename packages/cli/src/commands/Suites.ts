import { Command } from "@effect/cli"
import { suitesCheck } from "./SuitesCheck.js"
import { suitesList } from "./SuitesList.js"
import { suitesValidate } from "./SuitesValidate.js"

export const suites = Command.make("suites").pipe(
  Command.withDescription("Benchmark suites on disk."),
  Command.withSubcommands([suitesList, suitesValidate, suitesCheck])
)

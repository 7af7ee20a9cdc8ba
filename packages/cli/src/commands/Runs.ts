import { Command } from "@effect/cli"
import { runsList } from "./RunsList.js"
import { runsShow } from "./RunsShow.js"

export const runs = Command.make("runs").pipe(
  Command.withDescription("Stored runs."),
  Command.withSubcommands([runsList, runsShow])
)

import { Config, Context, Duration, Layer } from "effect"

export type KeepWorkspaces = "never" | "on-failure" | "always"

export interface HarnessSettingsShape {
  /** Where run workspaces are created. */
  readonly workspacesDir: string
  /** Where evaluated baselines (untouched fixtures) are cached, by scenario fingerprint. */
  readonly baselinesDir: string
  readonly keepWorkspaces: KeepWorkspaces
  /** Weighted score (0..10) a run needs to pass. */
  readonly passThreshold: number
  /** Deadline of each validation command. */
  readonly validationTimeout: Duration.Duration
  /** Deadline of each heuristic command or script check. */
  readonly heuristicTimeout: Duration.Duration
  /** Deadline of an agent's `runCommand` unless it asks for less. */
  readonly toolCommandTimeout: Duration.Duration
  /** Bytes kept of each command's stdout and stderr (head and tail). */
  readonly outputCapBytes: number
  /** A command (an agent's, a validation or heuristic one) that prints more than this is stopped. */
  readonly outputLimitBytes: number
  /** The largest file an agent may write, with `writeFile` or from a command (`ulimit -f`). */
  readonly fileSizeLimitBytes: number
  /** Scenario deadline when `timeout_minutes` is absent. */
  readonly defaultScenarioTimeout: Duration.Duration
}

export const defaultHarnessSettings: HarnessSettingsShape = {
  workspacesDir: ".ze/workspaces",
  baselinesDir: ".ze/baselines",
  keepWorkspaces: "never",
  passThreshold: 7,
  validationTimeout: Duration.minutes(10),
  heuristicTimeout: Duration.minutes(5),
  toolCommandTimeout: Duration.seconds(60),
  outputCapBytes: 64 * 1024,
  outputLimitBytes: 64 * 1024 * 1024,
  fileSizeLimitBytes: 512 * 1024 * 1024,
  defaultScenarioTimeout: Duration.minutes(60)
}

const millis = (name: string, fallback: Duration.Duration) =>
  Config.integer(name).pipe(Config.map(Duration.millis), Config.withDefault(fallback))

/**
 * `ZE_WORKSPACES_DIR`, `ZE_BASELINES_DIR`, `ZE_KEEP_WORKSPACES` (never | on-failure | always), `ZE_PASS_THRESHOLD`,
 * `ZE_VALIDATION_TIMEOUT_MS`, `ZE_HEURISTIC_TIMEOUT_MS`, `ZE_TOOL_TIMEOUT_MS`, `ZE_OUTPUT_CAP_BYTES`,
 * `ZE_OUTPUT_LIMIT_BYTES`, `ZE_FILE_SIZE_LIMIT_BYTES`.
 */
export const harnessSettingsFromConfig: Config.Config<HarnessSettingsShape> = Config.all({
  workspacesDir: Config.nonEmptyString("ZE_WORKSPACES_DIR").pipe(
    Config.withDefault(defaultHarnessSettings.workspacesDir)
  ),
  baselinesDir: Config.nonEmptyString("ZE_BASELINES_DIR").pipe(Config.withDefault(defaultHarnessSettings.baselinesDir)),
  keepWorkspaces: Config.literal("never", "on-failure", "always")("ZE_KEEP_WORKSPACES").pipe(
    Config.withDefault(defaultHarnessSettings.keepWorkspaces)
  ),
  passThreshold: Config.number("ZE_PASS_THRESHOLD").pipe(
    Config.validate({ message: "ZE_PASS_THRESHOLD must be between 0 and 10", validation: (n) => n >= 0 && n <= 10 }),
    Config.withDefault(defaultHarnessSettings.passThreshold)
  ),
  validationTimeout: millis("ZE_VALIDATION_TIMEOUT_MS", defaultHarnessSettings.validationTimeout),
  heuristicTimeout: millis("ZE_HEURISTIC_TIMEOUT_MS", defaultHarnessSettings.heuristicTimeout),
  toolCommandTimeout: millis("ZE_TOOL_TIMEOUT_MS", defaultHarnessSettings.toolCommandTimeout),
  outputCapBytes: Config.integer("ZE_OUTPUT_CAP_BYTES").pipe(Config.withDefault(defaultHarnessSettings.outputCapBytes)),
  outputLimitBytes: Config.integer("ZE_OUTPUT_LIMIT_BYTES").pipe(
    Config.withDefault(defaultHarnessSettings.outputLimitBytes)
  ),
  fileSizeLimitBytes: Config.integer("ZE_FILE_SIZE_LIMIT_BYTES").pipe(
    Config.withDefault(defaultHarnessSettings.fileSizeLimitBytes)
  ),
  defaultScenarioTimeout: Config.succeed(defaultHarnessSettings.defaultScenarioTimeout)
})

export class HarnessSettings
  extends Context.Tag("ze/harness/HarnessSettings")<HarnessSettings, HarnessSettingsShape>()
{
  /** Settings from configuration (environment variables by default). */
  static readonly layer = Layer.effect(HarnessSettings, harnessSettingsFromConfig)
  static readonly make = (settings: Partial<HarnessSettingsShape> = {}) =>
    Layer.succeed(HarnessSettings, { ...defaultHarnessSettings, ...settings })
}

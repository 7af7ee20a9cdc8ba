import { Option, Redacted } from "effect"

const secretName = /(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY|SESSION_KEY|AUTH)/i

/** True for variables that may carry a credential: they never reach an agent's or a scenario's commands. */
export const isSecretVariable = (name: string) => secretName.test(name)

/** The environment for workspace commands: the parent's, minus anything that looks like a credential. */
export const scrubbedEnv = (
  source: NodeJS.ProcessEnv = process.env,
  extra: Readonly<Record<string, string>> = {}
): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && !isSecretVariable(name)) env[name] = value
  }
  return { ...env, CI: "1", GIT_TERMINAL_PROMPT: "0", ...extra }
}

/** A configured key that is not blank (`KEY=` in a .env file means no key). */
export const hasSecret = (key: Option.Option<Redacted.Redacted>) =>
  Option.exists(key, (value) => Redacted.value(value).trim() !== "")

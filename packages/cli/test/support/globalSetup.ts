import { execFileSync } from "node:child_process"
import { zeBin } from "./Ze.js"

/** Bundles the sources once before the test files start `ze` in parallel. */
export default function setup() {
  execFileSync(process.execPath, [zeBin, "--version"], { stdio: "ignore" })
}

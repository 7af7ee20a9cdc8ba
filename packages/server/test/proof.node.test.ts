import { nodeTarget } from "./contract/targets.js"
import { configFromVars } from "./proof/Proof.js"
import { proofSuite } from "./proof/suite.js"

proofSuite("Node server (ze serve) over a SQLite file", (vars) => nodeTarget(configFromVars(vars)))

import { workerTarget } from "./contract/targets.js"
import { proofSuite } from "./proof/suite.js"

proofSuite("Worker in workerd with local D1", workerTarget)

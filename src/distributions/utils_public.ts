// torch.distributions.utils: the helpers Python exports from distributions/utils.py.
export { broadcastAll, logitsToProbs, clampProbs, probsToLogits, lazyProperty, trilMatrixToVec, vecToTrilMatrix, eulerConstant } from "./utils";

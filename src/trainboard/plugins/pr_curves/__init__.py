"""PR curves: precision/recall over thresholds per step.

Parts: `metadata` (plugin name, `PrCurvePluginData` codec), `summary` (labels and predictions
-> a [6, N] DT_FLOAT tensor of TP, FP, TN, FN, precision, recall).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""

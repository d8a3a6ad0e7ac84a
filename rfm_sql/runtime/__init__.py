"""From a validated query to predictions and metrics, in the order data flows:

contract (what the model file takes) -> options (run modes) -> anchors (when) -> plan (which context
examples) -> context (their features, the fitted encoder) -> encode (features -> tensors) -> model (ONNX
Runtime) -> predict (the SQL that scores query rows, the rfm_infer body) -> evaluate + metrics (backtests).

Nothing here sees the session object: every function takes the cursor, graph, validated query, anchor,
options and model it uses.
"""

-- The SQL surface of rfm_sql. Each table macro calls a UDF once, at bind time, that returns the SQL to
-- run; rfm_sql.udf registers these as TEMP macros and in the attached in-memory catalog rfm_sql, with
-- @name( replaced by the name of that attach's UDF.

-- The examples a query defines at an anchor: ENTITY, ANCHOR_TIMESTAMP, TARGET.
CREATE OR REPLACE MACRO rfm_labels(pql, anchor_time := NULL) AS TABLE
    SELECT * FROM query(@rfm_labels_sql(pql, CAST(anchor_time AS VARCHAR)));

-- Predictions, with KumoRFM's output columns. A regression target: point := 'mean' reports the mean instead of
-- the median; quantiles := [0.1, 0.9] adds the columns TARGET_Q10, TARGET_Q90.
CREATE OR REPLACE MACRO rfm_predict(pql, anchor_time := NULL, run_mode := NULL, context_size := NULL, seed := NULL,
                                    point := NULL, quantiles := NULL)
    AS TABLE SELECT * FROM query(@rfm_predict_sql(pql, CAST(anchor_time AS VARCHAR), CAST(run_mode AS VARCHAR),
                                                 CAST(context_size AS VARCHAR), CAST(seed AS VARCHAR),
                                                 CAST(point AS VARCHAR), CAST(quantiles AS VARCHAR)));

-- One number per row: True_PROB (binary) or the prediction (regression) for the entity with key `entity`;
-- NULL for a key the entity table does not have. Takes the table form's options.
CREATE OR REPLACE MACRO rfm_predict(pql, entity, anchor_time := NULL, run_mode := NULL, context_size := NULL, seed := NULL)
    AS @rfm_predict_value(pql, CAST(entity AS VARCHAR), CAST(anchor_time AS VARCHAR), CAST(run_mode AS VARCHAR),
                          CAST(context_size AS VARCHAR), CAST(seed AS VARCHAR));

-- The SQL rfm_predict runs, for inspection; with the table form's options (the SQL at a past anchor_time).
CREATE OR REPLACE MACRO rfm_compile(pql, anchor_time := NULL, run_mode := NULL, context_size := NULL, seed := NULL)
    AS @rfm_compile_sql(pql, CAST(anchor_time AS VARCHAR), CAST(run_mode AS VARCHAR), CAST(context_size AS VARCHAR),
                        CAST(seed AS VARCHAR));

-- A backtest at a past anchor: metric, value, n, ANCHOR_TIMESTAMP. point := 'mean' scores a number's means.
CREATE OR REPLACE MACRO rfm_evaluate(pql, anchor_time := NULL, run_mode := NULL, context_size := NULL, seed := NULL,
                                     point := NULL)
    AS TABLE SELECT * FROM query(@rfm_evaluate_sql(pql, CAST(anchor_time AS VARCHAR), CAST(run_mode AS VARCHAR),
                                                  CAST(context_size AS VARCHAR), CAST(seed AS VARCHAR),
                                                  CAST(point AS VARCHAR)));

-- Why a prediction is what it is: ENTITY, ANCHOR_TIMESTAMP, [CLASS | FORECAST_STEP,] TABLE_NAME, COLUMN_NAME,
-- FEATURE, VALUE, CONTRIBUTION, one row per input that mattered, largest first (also: rfm_predict('EXPLAIN
-- PREDICT ...')). item := chooses the items or labels of a link prediction or multilabel query (default: the
-- best ones), step := the step of a forecast (default: every step).
CREATE OR REPLACE MACRO rfm_explain(pql, entity := NULL, anchor_time := NULL, run_mode := NULL, context_size := NULL,
                                    seed := NULL, item := NULL, step := NULL)
    AS TABLE SELECT * FROM query(@rfm_explain_sql(pql, CAST(entity AS VARCHAR), CAST(anchor_time AS VARCHAR),
                                                 CAST(run_mode AS VARCHAR), CAST(context_size AS VARCHAR),
                                                 CAST(seed AS VARCHAR), CAST(item AS VARCHAR),
                                                 CAST(step AS VARCHAR)));

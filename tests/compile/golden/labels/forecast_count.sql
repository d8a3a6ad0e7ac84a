-- PREDICT COUNT(orders.*, 0, 30, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0
SELECT
  "ENTITY",
  "ANCHOR_TIMESTAMP",
  "FORECAST_STEP",
  "TARGET"
FROM (
  SELECT
    "ENTITY",
    "ANCHOR_TIMESTAMP",
    CAST(1 AS INT) AS "FORECAST_STEP",
    "TARGET",
    "PASSES_FILTER",
    "PASSES_ASSUMING",
    "ENTITY_EXISTS"
  FROM (
    WITH rfm_seed AS (
      SELECT DISTINCT
        "v"."user_id" AS "ENTITY",
        "a"."ANCHOR_TIMESTAMP"
      FROM "users" AS "v"
      CROSS JOIN (VALUES
        (CAST('2024-06-01 00:00:00' AS TIMESTAMP))) AS a(ANCHOR_TIMESTAMP)
      WHERE
        NOT "v"."user_id" IS NULL
    ), rfm_agg_0 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        COUNT(*) AS "value"
      FROM rfm_seed AS s
      JOIN "orders" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP"
        AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP" + INTERVAL '30' DAY
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    ), rfm_agg_1 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        COUNT(*) AS "value"
      FROM rfm_seed AS s
      JOIN "orders" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP" - INTERVAL '90' DAY
        AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP"
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    )
    SELECT
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP",
      COALESCE("rfm_agg_0"."value", 0) AS "TARGET",
      COALESCE(COALESCE("rfm_agg_1"."value", 0) > 0, FALSE) AS "PASSES_FILTER",
      TRUE AS "PASSES_ASSUMING",
      COALESCE(
        NOT "e"."user_id" IS NULL
        AND (
          "e"."signup_time" IS NULL OR "e"."signup_time" <= "s"."ANCHOR_TIMESTAMP"
        ),
        FALSE
      ) AS "ENTITY_EXISTS"
    FROM rfm_seed AS s
    LEFT JOIN "users" AS "e"
      ON "e"."user_id" = "s"."ENTITY"
    LEFT JOIN rfm_agg_0
      ON "rfm_agg_0"."ENTITY" = "s"."ENTITY"
      AND "rfm_agg_0"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
    LEFT JOIN rfm_agg_1
      ON "rfm_agg_1"."ENTITY" = "s"."ENTITY"
      AND "rfm_agg_1"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
  ) AS step1
  UNION ALL
  SELECT
    "ENTITY",
    "ANCHOR_TIMESTAMP",
    CAST(2 AS INT) AS "FORECAST_STEP",
    "TARGET",
    "PASSES_FILTER",
    "PASSES_ASSUMING",
    "ENTITY_EXISTS"
  FROM (
    WITH rfm_seed AS (
      SELECT DISTINCT
        "v"."user_id" AS "ENTITY",
        "a"."ANCHOR_TIMESTAMP"
      FROM "users" AS "v"
      CROSS JOIN (VALUES
        (CAST('2024-06-01 00:00:00' AS TIMESTAMP))) AS a(ANCHOR_TIMESTAMP)
      WHERE
        NOT "v"."user_id" IS NULL
    ), rfm_agg_0 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        COUNT(*) AS "value"
      FROM rfm_seed AS s
      JOIN "orders" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP" + INTERVAL '30' DAY
        AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP" + INTERVAL '60' DAY
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    ), rfm_agg_1 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        COUNT(*) AS "value"
      FROM rfm_seed AS s
      JOIN "orders" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP" - INTERVAL '90' DAY
        AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP"
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    )
    SELECT
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP",
      COALESCE("rfm_agg_0"."value", 0) AS "TARGET",
      COALESCE(COALESCE("rfm_agg_1"."value", 0) > 0, FALSE) AS "PASSES_FILTER",
      TRUE AS "PASSES_ASSUMING",
      COALESCE(
        NOT "e"."user_id" IS NULL
        AND (
          "e"."signup_time" IS NULL OR "e"."signup_time" <= "s"."ANCHOR_TIMESTAMP"
        ),
        FALSE
      ) AS "ENTITY_EXISTS"
    FROM rfm_seed AS s
    LEFT JOIN "users" AS "e"
      ON "e"."user_id" = "s"."ENTITY"
    LEFT JOIN rfm_agg_0
      ON "rfm_agg_0"."ENTITY" = "s"."ENTITY"
      AND "rfm_agg_0"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
    LEFT JOIN rfm_agg_1
      ON "rfm_agg_1"."ENTITY" = "s"."ENTITY"
      AND "rfm_agg_1"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
  ) AS step2
  UNION ALL
  SELECT
    "ENTITY",
    "ANCHOR_TIMESTAMP",
    CAST(3 AS INT) AS "FORECAST_STEP",
    "TARGET",
    "PASSES_FILTER",
    "PASSES_ASSUMING",
    "ENTITY_EXISTS"
  FROM (
    WITH rfm_seed AS (
      SELECT DISTINCT
        "v"."user_id" AS "ENTITY",
        "a"."ANCHOR_TIMESTAMP"
      FROM "users" AS "v"
      CROSS JOIN (VALUES
        (CAST('2024-06-01 00:00:00' AS TIMESTAMP))) AS a(ANCHOR_TIMESTAMP)
      WHERE
        NOT "v"."user_id" IS NULL
    ), rfm_agg_0 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        COUNT(*) AS "value"
      FROM rfm_seed AS s
      JOIN "orders" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP" + INTERVAL '60' DAY
        AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP" + INTERVAL '90' DAY
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    ), rfm_agg_1 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        COUNT(*) AS "value"
      FROM rfm_seed AS s
      JOIN "orders" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP" - INTERVAL '90' DAY
        AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP"
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    )
    SELECT
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP",
      COALESCE("rfm_agg_0"."value", 0) AS "TARGET",
      COALESCE(COALESCE("rfm_agg_1"."value", 0) > 0, FALSE) AS "PASSES_FILTER",
      TRUE AS "PASSES_ASSUMING",
      COALESCE(
        NOT "e"."user_id" IS NULL
        AND (
          "e"."signup_time" IS NULL OR "e"."signup_time" <= "s"."ANCHOR_TIMESTAMP"
        ),
        FALSE
      ) AS "ENTITY_EXISTS"
    FROM rfm_seed AS s
    LEFT JOIN "users" AS "e"
      ON "e"."user_id" = "s"."ENTITY"
    LEFT JOIN rfm_agg_0
      ON "rfm_agg_0"."ENTITY" = "s"."ENTITY"
      AND "rfm_agg_0"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
    LEFT JOIN rfm_agg_1
      ON "rfm_agg_1"."ENTITY" = "s"."ENTITY"
      AND "rfm_agg_1"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
  ) AS step3
) AS l
WHERE
  "PASSES_FILTER" AND "PASSES_ASSUMING" AND "ENTITY_EXISTS" AND NOT "TARGET" IS NULL
ORDER BY
  "ANCHOR_TIMESTAMP",
  "ENTITY",
  "FORECAST_STEP"

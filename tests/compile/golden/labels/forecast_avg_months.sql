-- PREDICT AVG(reviews.rating, 1, 2, months) FORECAST 2 TIMEFRAMES FOR users.user_id IN (1, 2)
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
        "v"."ENTITY" AS "ENTITY",
        "a"."ANCHOR_TIMESTAMP"
      FROM (VALUES
        (CAST(1 AS INT)),
        (CAST(2 AS INT))) AS v(ENTITY)
      CROSS JOIN (VALUES
        (CAST('2024-06-01 00:00:00' AS TIMESTAMP))) AS a(ANCHOR_TIMESTAMP)
      WHERE
        NOT "v"."ENTITY" IS NULL
    ), rfm_agg_0 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        AVG("f"."rating") AS "value"
      FROM rfm_seed AS s
      JOIN "reviews" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."created_at" > "s"."ANCHOR_TIMESTAMP" + INTERVAL '1' MONTH
        AND "f"."created_at" <= "s"."ANCHOR_TIMESTAMP" + INTERVAL '2' MONTH
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    )
    SELECT
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP",
      "rfm_agg_0"."value" AS "TARGET",
      TRUE AS "PASSES_FILTER",
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
        "v"."ENTITY" AS "ENTITY",
        "a"."ANCHOR_TIMESTAMP"
      FROM (VALUES
        (CAST(1 AS INT)),
        (CAST(2 AS INT))) AS v(ENTITY)
      CROSS JOIN (VALUES
        (CAST('2024-06-01 00:00:00' AS TIMESTAMP))) AS a(ANCHOR_TIMESTAMP)
      WHERE
        NOT "v"."ENTITY" IS NULL
    ), rfm_agg_0 AS (
      SELECT
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP",
        AVG("f"."rating") AS "value"
      FROM rfm_seed AS s
      JOIN "reviews" AS "f"
        ON "f"."user_id" = "s"."ENTITY"
        AND "f"."created_at" > "s"."ANCHOR_TIMESTAMP" + INTERVAL '2' MONTH
        AND "f"."created_at" <= "s"."ANCHOR_TIMESTAMP" + INTERVAL '3' MONTH
      GROUP BY
        "s"."ENTITY",
        "s"."ANCHOR_TIMESTAMP"
    )
    SELECT
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP",
      "rfm_agg_0"."value" AS "TARGET",
      TRUE AS "PASSES_FILTER",
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
  ) AS step2
) AS l
WHERE
  "PASSES_FILTER" AND "PASSES_ASSUMING" AND "ENTITY_EXISTS" AND NOT "TARGET" IS NULL
ORDER BY
  "ANCHOR_TIMESTAMP",
  "ENTITY",
  "FORECAST_STEP"

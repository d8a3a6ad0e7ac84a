-- PREDICT SUM(orders.amount, 0, 90, minutes) FOR EACH users.user_id
SELECT
  "ENTITY",
  "ANCHOR_TIMESTAMP",
  "TARGET"
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
      CAST(SUM("f"."amount") AS DOUBLE) AS "value"
    FROM rfm_seed AS s
    JOIN "orders" AS "f"
      ON "f"."user_id" = "s"."ENTITY"
      AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP"
      AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP" + INTERVAL '90' MINUTE
    GROUP BY
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP"
  )
  SELECT
    "s"."ENTITY",
    "s"."ANCHOR_TIMESTAMP",
    COALESCE("rfm_agg_0"."value", 0) AS "TARGET",
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
) AS l
WHERE
  "PASSES_FILTER" AND "PASSES_ASSUMING" AND "ENTITY_EXISTS" AND NOT "TARGET" IS NULL
ORDER BY
  "ANCHOR_TIMESTAMP",
  "ENTITY"

-- PREDICT COUNT(orders.*, 0, 7, days) FOR EACH items.item_id WHERE LAST(orders.ordered_at, -30, 0, days) > 2024-05-15 12:00:00
SELECT
  "ENTITY",
  "ANCHOR_TIMESTAMP",
  "TARGET"
FROM (
  WITH rfm_seed AS (
    SELECT DISTINCT
      "v"."item_id" AS "ENTITY",
      "a"."ANCHOR_TIMESTAMP"
    FROM "items" AS "v"
    CROSS JOIN (VALUES
      (CAST('2024-06-01 00:00:00' AS TIMESTAMP))) AS a(ANCHOR_TIMESTAMP)
    WHERE
      NOT "v"."item_id" IS NULL
  ), rfm_agg_0 AS (
    SELECT
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP",
      COUNT(*) AS "value"
    FROM rfm_seed AS s
    JOIN "orders" AS "f"
      ON "f"."item_id" = "s"."ENTITY"
      AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP"
      AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP" + INTERVAL '7' DAY
    GROUP BY
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP"
  ), rfm_agg_1 AS (
    SELECT
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP",
      ARG_MAX("f"."ordered_at", {'t': "f"."ordered_at", 'k': "f"."order_id"}) FILTER(WHERE
        NOT "f"."ordered_at" IS NULL) AS "value"
    FROM rfm_seed AS s
    JOIN "orders" AS "f"
      ON "f"."item_id" = "s"."ENTITY"
      AND "f"."ordered_at" > "s"."ANCHOR_TIMESTAMP" - INTERVAL '30' DAY
      AND "f"."ordered_at" <= "s"."ANCHOR_TIMESTAMP"
    GROUP BY
      "s"."ENTITY",
      "s"."ANCHOR_TIMESTAMP"
  )
  SELECT
    "s"."ENTITY",
    "s"."ANCHOR_TIMESTAMP",
    COALESCE("rfm_agg_0"."value", 0) AS "TARGET",
    COALESCE("rfm_agg_1"."value" > CAST('2024-05-15 12:00:00' AS TIMESTAMP), FALSE) AS "PASSES_FILTER",
    TRUE AS "PASSES_ASSUMING",
    COALESCE(NOT "e"."item_id" IS NULL, FALSE) AS "ENTITY_EXISTS"
  FROM rfm_seed AS s
  LEFT JOIN "items" AS "e"
    ON "e"."item_id" = "s"."ENTITY"
  LEFT JOIN rfm_agg_0
    ON "rfm_agg_0"."ENTITY" = "s"."ENTITY"
    AND "rfm_agg_0"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
  LEFT JOIN rfm_agg_1
    ON "rfm_agg_1"."ENTITY" = "s"."ENTITY"
    AND "rfm_agg_1"."ANCHOR_TIMESTAMP" = "s"."ANCHOR_TIMESTAMP"
) AS l
WHERE
  "PASSES_FILTER" AND "PASSES_ASSUMING" AND "ENTITY_EXISTS" AND NOT "TARGET" IS NULL
ORDER BY
  "ANCHOR_TIMESTAMP",
  "ENTITY"

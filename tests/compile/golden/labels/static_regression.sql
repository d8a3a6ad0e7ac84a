-- PREDICT users.age FOR EACH users.user_id
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
  )
  SELECT
    "s"."ENTITY",
    "s"."ANCHOR_TIMESTAMP",
    "e"."age" AS "TARGET",
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
) AS l
WHERE
  "PASSES_FILTER" AND "PASSES_ASSUMING" AND "ENTITY_EXISTS" AND NOT "TARGET" IS NULL
ORDER BY
  "ANCHOR_TIMESTAMP",
  "ENTITY"

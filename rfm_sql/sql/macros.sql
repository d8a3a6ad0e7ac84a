-- The SQL surface of rfm_sql. Each table macro calls a UDF once, at bind time, that returns the SQL to
-- run; rfm_sql.udf registers these as TEMP macros and in the attached in-memory catalog rfm_sql.

-- The examples a query defines at an anchor: ENTITY, ANCHOR_TIMESTAMP, TARGET.
CREATE OR REPLACE MACRO rfm_labels(pql, anchor_time := NULL) AS TABLE
    SELECT * FROM query(rfm_labels_sql(pql, CAST(anchor_time AS TIMESTAMP)));

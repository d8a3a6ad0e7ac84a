-- The 5 items each user is most likely to order in the next 30 days, best first (one row per user and item).
-- A small context keeps the build quick; drop context_size (or raise it) for better rankings.
-- depends_on: {{ source('shop', 'orders') }}
-- depends_on: {{ source('shop', 'users') }}
-- depends_on: {{ source('shop', 'items') }}
select *
from rfm_predict('PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id',
                 context_size := 300)

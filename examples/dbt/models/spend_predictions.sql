-- Expected spend in the next 30 days, joined back to the users table for BI tools.
-- depends_on: {{ source('shop', 'orders') }}
select u.user_id, u.country, u.segment, p.TARGET_PRED as spend_next_30d, p.ANCHOR_TIMESTAMP as as_of
from rfm_predict('PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id
                  WHERE COUNT(orders.*, -90, 0, days) > 0') as p
join {{ source('shop', 'users') }} as u on u.user_id = p.ENTITY

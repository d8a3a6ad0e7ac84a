-- Which active users will place no order in the next 30 days? One row per user, KumoRFM's columns.
-- depends_on: {{ source('shop', 'orders') }}
-- depends_on: {{ source('shop', 'users') }}
select *
from rfm_predict('PREDICT COUNT(orders.*, 0, 30, days) = 0
                  FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0')

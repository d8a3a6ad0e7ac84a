"""Backtests on the databases of fresh-eyes trials: schemas nobody built the tool on, with what the synthetic suites
lack (child rows that end: subscriptions cancelled, policies that lapse; zoned times; views over link tables;
weekday peaks in daily counts; keys left undeclared beside declared ones; dates set ahead).

    python benchmarks/trials.py --label NAME        # backtests of this tree's code -> results/trials_NAME.jsonl
    python benchmarks/trials.py --report A B ...    # TRIALS.md: the runs side by side, B... against A

Each database is rebuilt from its seeded generator in `benchmarks/trials/` (into a temporary folder); each task is
backtested (`RFM.evaluate`) at every anchor listed. Compare code versions by running this script with
`PYTHONPATH` set to each tree's root (the script itself then reads that tree's rfm_sql).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import duckdb
import numpy as np

HERE = Path(__file__).parent
sys.path.append(str(HERE.parent))  # appended: a PYTHONPATH naming another tree comes first

import rfm_sql  # noqa: E402

RESULTS = HERE / "results"
HIGHER = {"auroc", "accuracy", "map@k", "ndcg@k", "recall@k"}  # the first of its metrics judges a task

TRIALS = {
    "telco": (
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT SUM(payments.amount, 0, 30, days) FOR EACH customers.customer_id",
            "PREDICT COUNT(payments.*, 0, 30, days) = 0 FOR EACH customers.customer_id",
            "PREDICT COUNT(usage_daily.*, 0, 30, days) = 0 FOR EACH customers.customer_id",
            "PREDICT COUNT(subscriptions.*, 0, 90, days) > 0 FOR EACH customers.customer_id",
            "PREDICT AVG(payments.amount, 0, 30, days) FOR EACH customers.customer_id",
        ],
    ),
    "saas": (
        ["2024-06-01", "2024-12-01", "2025-06-01", "2025-10-01"],
        [
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH accounts.account_id",
            "PREDICT COUNT(invoices.*, 0, 30, days) FOR EACH accounts.account_id",
            "PREDICT COUNT(tickets.*, 0, 30, days) > 0 FOR EACH accounts.account_id",
            "PREDICT COUNT(events_by_accounts.*, 0, 30, days) = 0 FOR EACH accounts.account_id",
        ],
    ),
    "insurance": (
        ["2023-06-01", "2023-12-01", "2024-06-01"],
        [
            "PREDICT COUNT(claims.*, 0, 90, days) > 0 FOR EACH policyholders.policyholder_id",
            "PREDICT SUM(claims.claim_amount, 0, 3, months) FOR EACH policyholders.policyholder_id",
            "PREDICT COUNT(premium_payments.*, 0, 90, days) = 0 FOR EACH policies.policy_id "
            "WHERE policies.product_type != 'travel'",
            "PREDICT FIRST(policies.product_type, 0, 180, days) FOR EACH policyholders.policyholder_id",
        ],
    ),
    "delivery": (  # weekday peaks: days shorter than a week (compile/week_cycle.py)
        ["2024-03-04", "2024-10-04", "2025-01-20"],
        [
            "PREDICT COUNT(orders.*, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH restaurants.restaurant_id",
            "PREDICT COUNT(orders.*, 0, 1, days) FOR EACH restaurants.restaurant_id",
            "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH customers.customer_id "
            "WHERE COUNT(orders.*, -60, 0, days) > 0",
        ],
    ),
    "maintenance": (  # failures driven by vibration drift since maintenance; failure type by machine type
        ["2024-02-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(failures.*, 0, 30, days) > 0 FOR EACH machines.machine_id",
            "PREDICT SUM(work_orders.cost, 0, 3, months) FOR EACH machines.machine_id",
            "PREDICT FIRST(failures.failure_type, 0, 90, days) FOR EACH machines.machine_id",
            "PREDICT SUM(sensor_daily.runtime_hours, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH machines.machine_id",
        ],
    ),
    "lms": (  # due dates set ahead; undeclared keys beside declared ones (graph/infer)
        ["2024-03-01", "2024-10-01", "2025-03-01"],
        [
            "PREDICT COUNT(submissions.*, 0, 30, days) = 0 FOR EACH students.student_id "
            "WHERE COUNT(submissions.*, -60, 0, days) > 0",
            "PREDICT COUNT(submissions.*, 0, 30, days) FOR EACH students.student_id",
            "PREDICT AVG(submissions.score, 0, 30, days) FOR EACH students.student_id",
            "PREDICT COUNT(enrollments.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH courses.course_id",
        ],
    ),
    "clinic": (  # appointments booked ahead (scheduled_at past the other tables); no-show latent per patient
        ["2024-03-04", "2024-09-02", "2025-01-06"],
        [
            "PREDICT COUNT(appointments.* WHERE appointments.status = 'attended', 0, 90, days) > 0 "
            "FOR EACH patients.patient_id",
            "PREDICT SUM(bills.amount, 0, 3, months) FOR EACH patients.patient_id",
            "PREDICT COUNT(appointments.* WHERE appointments.status = 'no_show', 0, 90, days) > 0 "
            "FOR EACH patients.patient_id WHERE COUNT(appointments.*, -90, 0, days) > 0",
            "PREDICT COUNT(appointments.*, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH clinics.clinic_id",
        ],
    ),
    "bank": (  # missed installments, two links below customers (installments timed by paid_at), drive default
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT SUM(card_transactions.amount, 0, 30, days) FOR EACH customers.customer_id",
            "PREDICT COUNT(card_transactions.*, 0, 60, days) = 0 FOR EACH customers.customer_id "
            "WHERE COUNT(card_transactions.*, -30, 0, days) > 0",
            "PREDICT COUNT(loan_defaults.*, 0, 90, days) > 0 FOR EACH loans.loan_id",
            "PREDICT COUNT(loan_defaults.*, 0, 90, days) > 0 FOR EACH customers.customer_id "
            "WHERE COUNT(loans.*, -INF, 0, days) > 0",
        ],
    ),
    "marketplace": (  # buyer return latent + late delivery; seller revenue after the December peak; favourite sellers
        ["2024-03-01", "2024-09-01", "2025-01-01"],
        [
            "PREDICT COUNT(orders.* WHERE orders.status = 'returned', 0, 90, days) > 0 FOR EACH buyers.buyer_id "
            "WHERE COUNT(orders.*, -90, 0, days) > 0",
            "PREDICT SUM(orders.total_amount, 0, 30, days) FOR EACH sellers.seller_id",
            "PREDICT AVG(reviews.stars, 0, 90, days) FOR EACH sellers.seller_id",
            "PREDICT LIST_DISTINCT(orders.seller_id, 0, 60, days) RANK TOP 5 FOR EACH buyers.buyer_id",
        ],
    ),
    "hotel": (  # check-in dates set ahead; cancellations and no-shows by guest latents; stays are outcome rows
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(bookings.* WHERE bookings.status = 'cancelled', 0, 90, days) > 0 "
            "FOR EACH guests.guest_id WHERE COUNT(bookings.*, -365, 0, days) > 0",
            "PREDICT SUM(stays.total_spend, 0, 90, days) FOR EACH guests.guest_id WHERE COUNT(stays.*, -365, 0, days) > 0",
            "PREDICT COUNT(stays.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH hotels.hotel_id",
            "PREDICT LIST_DISTINCT(bookings.hotel_id, 0, 90, days) RANK TOP 5 FOR EACH guests.guest_id",
        ],
    ),
    "grocery": (  # staple repeat cycles; rankings through a view (two hops), one filtered to a department
        ["2024-03-01", "2024-07-01", "2024-10-01"],
        [
            "PREDICT LIST_DISTINCT(order_lines_by_customers.product_id, 0, 14, days) RANK TOP 10 "
            "FOR EACH customers.customer_id",
            "PREDICT LIST_DISTINCT(order_lines_by_customers.product_id WHERE order_lines_by_customers.department_id = 4, "
            "0, 14, days) RANK TOP 10 FOR EACH customers.customer_id",
            "PREDICT COUNT(orders.*, 0, 60, days) = 0 FOR EACH customers.customer_id WHERE COUNT(orders.*, -90, 0, days) > 0",
            "PREDICT FIRST(orders.basket_value, 0, 30, days) FOR EACH customers.customer_id",
        ],
    ),
    "game": (  # engagement decay, friends' churn; purchases on losing streaks; guilds by region two hops away; a
        # championship 3 days after the middle anchor (registrations ahead); views for the link-table targets
        ["2024-10-01", "2025-01-15", "2025-04-01"],
        [
            "PREDICT COUNT(sessions.*, 0, 14, days) = 0 FOR EACH players.player_id WHERE COUNT(sessions.*, -30, 0, days) > 0",
            "PREDICT COUNT(purchases.*, 0, 30, days) > 0 FOR EACH players.player_id WHERE COUNT(sessions.*, -30, 0, days) > 0",
            "PREDICT LIST_DISTINCT(guild_memberships.guild_id, 0, 90, days) RANK TOP 5 FOR EACH players.player_id",
            "PREDICT COUNT(sessions_by_countries.*, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH countries.country_code",
        ],
    ),
    "gym": (  # January joiners fade; churners' visits fade before ended_at; PT spend heavy-tailed for 12% (new
        # members' lags missing); booking status classes at ~75% attended; weekly club counts after the January peak
        ["2024-03-01", "2024-07-01", "2024-11-01"],
        [
            "PREDICT COUNT(check_ins.*, 0, 30, days) = 0 FOR EACH members.member_id "
            "WHERE COUNT(check_ins.*, -30, 0, days) > 0",
            "PREDICT SUM(payments.amount WHERE payments.kind = 'personal_training', 0, 90, days) "
            "FOR EACH members.member_id",
            "PREDICT LAST(bookings.status, 0, 30, days) FOR EACH members.member_id",
            "PREDICT COUNT(check_ins.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH clubs.club_id",
        ],
    ),
    "streaming": (  # listener latents, trials ending ahead (subscriptions.trial_ends_at), heavy rotation, new releases;
        # end_reason filled when a subscription ends and the listener's plan today's (not read: runtime.state_columns)
        ["2024-03-01", "2024-07-01", "2024-11-01"],
        [
            "PREDICT COUNT(plays.*, 0, 30, days) = 0 FOR EACH listeners.listener_id WHERE COUNT(plays.*, -30, 0, days) > 0",
            "PREDICT SUM(plays.seconds_played, 0, 7, days) FOR EACH listeners.listener_id "
            "WHERE COUNT(plays.*, -30, 0, days) > 0",
            "PREDICT COUNT(subscription_events.* WHERE subscription_events.event_type = 'upgrade', 0, 30, days) > 0 "
            "FOR EACH listeners.listener_id",
            "PREDICT LIST_DISTINCT(plays.track_id, 0, 7, days) RANK TOP 10 FOR EACH listeners.listener_id",
            "PREDICT COUNT(subscription_events.* WHERE subscription_events.event_type = 'cancel', 0, 30, days) > 0 "
            "FOR EACH subscriptions.subscription_id WHERE subscriptions.plan != 'free'",
        ],
    ),
    "crm": (  # renewals 300-340 days after a won deal; activity spikes before new deals; opportunities.stage rewritten
        # as deals move (not read: runtime.state_columns; the quiet-deal task read 0.85 with it, 0.75 honest)
        ["2024-06-01", "2024-10-01", "2025-02-01"],
        [
            "PREDICT COUNT(opportunities.*, 0, 90, days) > 0 FOR EACH accounts.account_id",
            "PREDICT SUM(won_deals.amount, 0, 3, months) FOR EACH accounts.account_id",
            "PREDICT COUNT(opportunities.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH reps.rep_id",
            "PREDICT LIST_DISTINCT(purchases.product_id, 0, 120, days) RANK TOP 5 FOR EACH accounts.account_id",
            "PREDICT COUNT(activities.*, 0, 30, days) = 0 FOR EACH opportunities.opportunity_id "
            "WHERE opportunities.closed_at IS NULL",
        ],
    ),
    "hr": (  # exits after a hidden job search (1-day vacations); ability -> ratings -> promotions; leaves requested
        # ahead of their start_date (Table.written_by); course scores filled in on completion (Table.filled_with)
        ["2023-06-01", "2024-02-01", "2024-12-01"],
        [
            "PREDICT COUNT(terminations.* WHERE terminations.termination_type = 'voluntary', 0, 90, days) > 0 "
            "FOR EACH employees.employee_id",
            "PREDICT SUM(leave_requests.days, 0, 3, months) FOR EACH employees.employee_id",
            "PREDICT COUNT(job_changes.* WHERE job_changes.change_type = 'promotion', 0, 6, months) > 0 "
            "FOR EACH employees.employee_id WHERE employees.level < 5",
            "PREDICT LIST_DISTINCT(training_enrollments.training_id, 0, 90, days) RANK TOP 5 "
            "FOR EACH employees.employee_id",
        ],
    ),
    "support": (  # satisfaction filled in later (satisfaction_at: Table.filled_with); sticky agents; churn after bad
        # tickets; billing tickets early in the month
        ["2024-03-01", "2024-07-01", "2024-10-01"],
        [
            "PREDICT COUNT(tickets.*, 0, 30, days) > 0 FOR EACH customers.customer_id",
            "PREDICT COUNT(tickets.*, 0, 90, days) = 0 FOR EACH customers.customer_id "
            "WHERE COUNT(tickets.*, -90, 0, days) > 0",
            "PREDICT COUNT(tickets.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH agents.agent_id",
            "PREDICT AVG(tickets.satisfaction, 0, 90, days) FOR EACH customers.customer_id",
        ],
    ),
    "rideshare": (  # rider churn on recency and rate; heavy-tailed fares filled in at completion (Table.filled_with);
        # a lasting driver quality behind riders' ratings (target_history); favourite dropoff zones
        ["2024-03-01", "2024-07-01", "2024-11-01"],
        [
            "PREDICT COUNT(trips.*, 0, 30, days) = 0 FOR EACH riders.rider_id WHERE COUNT(trips.*, -60, 0, days) > 0",
            "PREDICT SUM(trips.fare, 0, 30, days) FOR EACH riders.rider_id WHERE COUNT(trips.*, -90, 0, days) > 0",
            "PREDICT AVG(ratings.stars WHERE ratings.rated_by = 'rider', 0, 30, days) FOR EACH drivers.driver_id",
            "PREDICT LIST_DISTINCT(trips.dropoff_zone_id, 0, 30, days) RANK TOP 3 FOR EACH riders.rider_id",
        ],
    ),
    "forum": (  # a Q&A forum: UUID keys, posts self-linked (an answer's parent_id), a link table without time (views
        # post_tags_timed, answers), running totals holding today's value (users.reputation, posts.score, view_count)
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(posts.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(posts.*, -30, 0, days) > 0",
            "PREDICT COUNT(posts.*, 0, 30, days) FOR EACH users.user_id",
            "PREDICT COUNT(post_tags_timed.*, 0, 30, days) FOR EACH tags.tag_id",
            "PREDICT FIRST(badges.name, 0, 60, days) FOR EACH users.user_id",
            "PREDICT LIST_DISTINCT(post_tags_timed.tag_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id",
            "PREDICT COUNT(answers.*, 0, 30, days) > 0 FOR EACH posts.post_id "
            "WHERE posts.post_type = 'question' AND COUNT(votes.*, -7, 0, days) > 0",
            "PREDICT COUNT(votes.* WHERE votes.vote_type = 'up', 0, 30, days) FOR EACH posts.post_id "
            "WHERE COUNT(votes.*, -7, 0, days) > 0",
        ],
    ),
    "library": (  # due_at moved by renewals (set ahead, rewritten); lifetime_loans a running total; holds.status
        # today's state; titles published and programs starting ahead; views for targets two links away
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(loans.*, 0, 60, days) = 0 FOR EACH members.member_id WHERE COUNT(loans.*, -60, 0, days) > 0",
            "PREDICT COUNT(fines.*, 0, 60, days) > 0 FOR EACH loans.loan_id WHERE loans.returned_at IS NULL",
            "PREDICT COUNT(loans.*, 0, 30, days) FOR EACH members.member_id",
            "PREDICT COUNT(loans_by_titles.*, 0, 30, days) FOR EACH titles.title_id",
            "PREDICT FIRST(loans_with_titles.genre, 0, 30, days) FOR EACH members.member_id",
            "PREDICT COUNT(holds.* WHERE holds.status = 'expired', 0, 90, days) > 0 FOR EACH members.member_id "
            "WHERE COUNT(holds.*, -90, 0, days) > 0",
            "PREDICT LIST_DISTINCT(loans_by_titles.title_id, 0, 30, days) RANK TOP 5 FOR EACH members.member_id",
            "PREDICT COUNT(loans_by_branches.*, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH branches.branch_id",
        ],
    ),
    "ads": (  # daily_stats dated by a DATE written the next morning; a heavy tail of spend; account_status,
        # lifetime_spend, daily_budget (with a budget_changes log), campaign status, paid_at hold today's state
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT SUM(daily_stats.spend, 0, 30, days) FOR EACH advertisers.advertiser_id",
            "PREDICT COUNT(daily_stats.*, 0, 30, days) = 0 FOR EACH advertisers.advertiser_id "
            "WHERE COUNT(daily_stats.*, -30, 0, days) > 0",
            "PREDICT COUNT(daily_stats.*, 0, 14, days) = 0 FOR EACH campaigns.campaign_id "
            "WHERE COUNT(daily_stats.*, -14, 0, days) > 0",
            "PREDICT COUNT(payments.*, 0, 30, days) = 0 FOR EACH invoices.invoice_id "
            "WHERE COUNT(payments.*, -INF, 0, days) = 0",
            "PREDICT FIRST(campaigns.objective, 0, 90, days) FOR EACH advertisers.advertiser_id",
            "PREDICT SUM(daily_stats.spend, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH advertisers.advertiser_id",
        ],
    ),
    "fleet": (  # vehicles' firmware_version, odometer_km and status hold today's state; telemetry timed by an
        # epoch-ms BIGINT (ts_ms); work orders scheduled ahead; trips timed by a TIMESTAMP_NS
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(maintenance.* WHERE maintenance.kind = 'corrective', 0, 30, days) > 0 "
            "FOR EACH vehicles.vehicle_id WHERE COUNT(trips.*, -7, 0, days) > 0",
            "PREDICT COUNT(alerts.*, 0, 14, days) FOR EACH vehicles.vehicle_id",
            "PREDICT COUNT(trips_by_sites.*, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH sites.site_id",
            "PREDICT FIRST(maintenance.reason, 0, 90, days) FOR EACH vehicles.vehicle_id",
            "PREDICT maintenance.cost FOR EACH maintenance.wo_id WHERE maintenance.kind = 'corrective'",
            "PREDICT SUM(trips.distance_km, 0, 30, days) FOR EACH vehicles.vehicle_id "
            "WHERE COUNT(trips.*, -30, 0, days) > 0",
        ],
    ),
    "donors": (  # a nonprofit's donors (lapsed_at taken as the end time: lapsed donors may give again), gifts with a
        # soft delete and a status filled in later, recurring plans, pledges due ahead, events (composite key)
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(gifts.*, 0, 60, days) > 0 FOR EACH donors.donor_id",
            "PREDICT SUM(gifts.amount, 0, 90, days) FOR EACH donors.donor_id",
            "PREDICT COUNT(gifts.*, 0, 30, days) FOR EACH campaigns.campaign_id",
            "PREDICT FIRST(gifts.payment_method, 0, 90, days) FOR EACH donors.donor_id",
            "PREDICT LIST_DISTINCT(gifts.campaign_id, 0, 90, days) RANK TOP 3 FOR EACH donors.donor_id",
        ],
    ),
    "league": (  # a basketball league: box scores, injuries with a return set ahead, a schedule ahead with no
        # scores, players' current team holding today's state; a season's first week inflates the lags
        ["2023-12-01", "2024-02-01", "2024-11-15"],
        [
            "PREDICT AVG(player_game_stats.points, 0, 30, days) FOR EACH players.player_id",
            "PREDICT COUNT(injuries.*, 0, 30, days) > 0 FOR EACH players.player_id",
            "PREDICT SUM(player_game_stats.minutes, 0, 30, days) FOR EACH players.player_id",
        ],
    ),
    "pharmacy": (  # refills every days_supply days; NDC string keys; claims adjudicated later; reminders scheduled
        # ahead (their sent_at is text); patients' status and last fill date hold today's state
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(fills.*, 0, 90, days) = 0 FOR EACH patients.patient_id WHERE COUNT(fills.*, -90, 0, days) > 0",
            "PREDICT COUNT(fills.*, 0, 30, days) FOR EACH patients.patient_id WHERE COUNT(fills.*, -180, 0, days) > 0",
            "PREDICT SUM(fills.copay, 0, 30, days) FOR EACH pharmacies.pharmacy_id",
            "PREDICT FIRST(fills.ndc, 0, 30, days) FOR EACH patients.patient_id WHERE COUNT(fills.*, -90, 0, days) > 0",
            "PREDICT COUNT(insurance_claims.* WHERE insurance_claims.status = 'rejected', 0, 30, days) > 0 "
            "FOR EACH patients.patient_id WHERE COUNT(fills.*, -90, 0, days) > 0",
            "PREDICT COUNT(fills.*, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH pharmacies.pharmacy_id",
            "PREDICT LIST_DISTINCT(fills.ndc, 0, 30, days) RANK TOP 5 FOR EACH patients.patient_id "
            "WHERE COUNT(fills.*, -90, 0, days) > 0",
        ],
    ),
    "recruiting": (  # applications' stage holds today's state, with a stage-change log (changed_at); interviews
        # scheduled ahead; candidates' last_active_at rewritten as they act
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(applications.*, 0, 30, days) > 0 FOR EACH candidates.candidate_id",
            "PREDICT COUNT(applications.*, 0, 14, days) FOR EACH job_postings.job_id",
            "PREDICT COUNT(application_events.* WHERE application_events.to_stage = 'offer', 0, 30, days) > 0 "
            "FOR EACH applications.application_id WHERE COUNT(application_events.*, -14, 0, days) > 0",
            "PREDICT LIST_DISTINCT(applications.job_id, 0, 14, days) RANK TOP 5 FOR EACH candidates.candidate_id",
        ],
    ),
    "rentals": (  # tenants' status and current unit hold today's state; renewal offers and move-out notices; rent
        # charged ahead of its due date
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(move_out_notices.*, 0, 90, days) > 0 FOR EACH leases.lease_id "
            "WHERE COUNT(renewal_offers.*, -30, 0, days) > 0",
            "PREDICT COUNT(move_out_notices.*, 0, 90, days) > 0 FOR EACH tenants.tenant_id "
            "WHERE COUNT(payments.*, -35, 0, days) > 0",
            "PREDICT SUM(payments.amount, 0, 30, days) FOR EACH tenants.tenant_id "
            "WHERE COUNT(payments.*, -35, 0, days) > 0",
            "PREDICT COUNT(maintenance_requests.*, 0, 90, days) FOR EACH units.unit_id",
            "PREDICT COUNT(maintenance_requests.*, 0, 1, months) FORECAST 3 TIMEFRAMES FOR EACH buildings.building_id",
            "PREDICT FIRST(maintenance_requests.category, 0, 90, days) FOR EACH units.unit_id",
        ],
    ),
    "utility": (  # daily meter readings sent the next night (kwh filled in with read_received_at); late payers;
        # seasonal consumption
        ["2023-12-01", "2024-06-01", "2024-09-02"],
        [
            "PREDICT COUNT(late_notices.*, 0, 60, days) > 0 FOR EACH customers.customer_id",
            "PREDICT SUM(meter_readings.kwh, 0, 30, days) FOR EACH meters.meter_id",
            "PREDICT SUM(meter_readings.kwh, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH meters.meter_id",
            "PREDICT SUM(bills.amount, 0, 1, months) FOR EACH customers.customer_id",
        ],
    ),
    "codehost": (  # a GitHub-like host: repos decaying with bursts, forks, members who leave (repo_members holds
        # today's), commits without an author, issues reopened (closed_at back to NULL), stars with a language affinity;
        # left out: commits.author_id, issue_events.actor_id and repos.forked_from_id are not linked by default
        ["2024-06-01", "2024-08-01", "2024-10-01"],
        [
            "PREDICT COUNT(commits.*, 0, 30, days) > 0 FOR EACH repos.id",
            "PREDICT COUNT(stars.*, 0, 30, days) FOR EACH repos.id",
            "PREDICT COUNT(pull_requests.*, 0, 30, days) > 0 FOR EACH users.user_id",
            "PREDICT SUM(commits.additions, 0, 30, days) FOR EACH repos.id WHERE COUNT(commits.*, -90, 0, days) > 0",
            "PREDICT LIST_DISTINCT(stars.repo_id, 0, 30, days) RANK TOP 10 FOR EACH users.user_id",
            "PREDICT COUNT(pull_requests.* WHERE pull_requests.state = 'merged', 0, 30, days) > 0 "
            "FOR EACH users.user_id ASSUMING COUNT(pull_requests.*, 0, 30, days) > 0",
        ],
    ),
    "realestate": (  # a brokerage: text agent ids, listings' status, list_price, days_on_market and agents'
        # closed_deals hold today's state (days_on_market leaks the contract); offers decided and sales closed later
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(offers.* WHERE offers.status = 'accepted', 0, 30, days) > 0 FOR EACH listings.listing_id "
            "WHERE listings.sold_at IS NULL AND COUNT(offers.* WHERE offers.status = 'accepted', -INF, 0, days) = 0 "
            "AND COUNT(showings.*, -30, 0, days) > 0",
            "PREDICT COUNT(showings.*, 0, 14, days) FOR EACH listings.listing_id WHERE COUNT(showings.*, -14, 0, days) > 0",
            "PREDICT COUNT(price_changes.*, 0, 30, days) > 0 FOR EACH listings.listing_id "
            "WHERE COUNT(showings.*, -30, 0, days) > 0 AND listings.sold_at IS NULL",
            "PREDICT AVG(listings.sold_price, 0, 3, months) FOR EACH agents.agent_id",
            "PREDICT LIST_DISTINCT(showings.listing_id, 0, 14, days) RANK TOP 5 FOR EACH agents.agent_id",
        ],
    ),
    "school": (  # a student information system: a school calendar (no rows in summer), final grades posted at term
        # end with no date of their own (they leak withdrawal), a status log; no attendance task (attendance_daily.stu_id
        # is not linked by default); 09-15, not 10-15, so that the withdrawal task's 90 days end within the data
        ["2024-03-01", "2024-08-15", "2024-09-15"],
        [
            "PREDICT AVG(submissions.score, 0, 30, days) FOR EACH students.student_id",
            "PREDICT COUNT(student_status_log.* WHERE student_status_log.new_status = 'withdrawn', 0, 90, days) > 0 "
            "FOR EACH students.student_id",
            "PREDICT COUNT(discipline_incidents.*, 0, 60, days) > 0 FOR EACH students.student_id",
            "PREDICT AVG(submissions.score, 0, 30, days) < 10 FOR EACH students.student_id "
            "ASSUMING COUNT(submissions.*, 0, 30, days) > 0",
        ],
    ),
    "warehouse": (  # a dbt warehouse: md5 surrogate keys (fct_orders links by customer_sk, not linked by default, so
        # no order task), an SCD2 snapshot, dim_customers' plan and tier today's; events carry the churn
        ["2024-04-01", "2024-07-01", "2024-10-01"],
        [
            "PREDICT COUNT(fct_events.* WHERE fct_events.event_type = 'checkout', 0, 30, days) "
            "FOR EACH dim_customers.customer_id",
            "PREDICT COUNT(fct_events.* WHERE fct_events.event_type = 'support_contact', 0, 30, days) > 0 "
            "FOR EACH dim_customers.customer_id WHERE COUNT(fct_events.*, -30, 0, days) > 0",
            "PREDICT COUNT(fct_events.*, 0, 35, days) = 0 FOR EACH dim_customers.customer_id "
            "WHERE COUNT(fct_events.*, -30, 0, days) > 0",
            "PREDICT COUNT(fct_events.* WHERE fct_events.event_type = 'add_to_cart', 0, 30, days) "
            "FOR EACH dim_customers.customer_id",
        ],
    ),
    "social": (  # a social network: text user ids with undeclared links (likes, comments, DMs, blocks), a comments
        # self-link, users ended by deactivated_at, follows two-ended (RANK over followee_id reads the follower end);
        # follower, like counts and is_verified today's; left out: SUM(posts.like_count) (its label reads today's
        # running total) and direct_messages.read_at IS NULL (a static target on a filled-later column)
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(posts.*, 0, 7, days) > 0 FOR EACH users.user_id",
            "PREDICT COUNT(likes.*, 0, 30, days) = 0 AND COUNT(posts.*, 0, 30, days) = 0 "
            "AND COUNT(comments.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(likes.*, -30, 0, days) > 0",
            "PREDICT COUNT(likes.*, 0, 30, days) FOR EACH users.user_id",
            "PREDICT FIRST(posts.kind, 0, 30, days) FOR EACH users.user_id ASSUMING COUNT(posts.*, 0, 30, days) > 0",
            "PREDICT LIST_DISTINCT(follows.followee_id, 0, 30, days) RANK TOP 10 FOR EACH users.user_id",
        ],
    ),
    "tickets": (  # an event-ticketing platform: events dated by starts_at but written when announced (on sale before
        # they start), weekly price changes, sell-outs, cancellations refunded later, events.status and customers'
        # loyalty today's; left out: the no-show (tickets.checked_in_at IS NULL, a target on its table's own time
        # column: unset rows read as never) and the favourite category (needs a view over orders and events)
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT events.sold_out_at IS NOT NULL FOR EACH events.event_id",
            "PREDICT SUM(orders.quantity, 0, 7, days) FOR EACH events.event_id",
            "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id",
            "PREDICT SUM(orders.total_amount, 0, 30, days) FOR EACH customers.customer_id",
            "PREDICT LIST_DISTINCT(orders.event_id, 0, 30, days) RANK TOP 10 FOR EACH customers.customer_id "
            "WHERE COUNT(orders.*, -90, 0, days) > 0",
        ],
    ),
    "exchange": (  # a crypto exchange: text user ids with a referral self-link, epoch-ms BIGINT trade times,
        # DECIMAL(38,18) amounts, TIMESTAMPTZ with offsets, wallets' balance and users' kyc_level today's; left out:
        # notional, deposit and withdrawal tasks (qty x price, and deposits reaching users through wallets, need views)
        ["2024-06-01", "2024-09-01", "2024-11-15"],
        [
            "PREDICT COUNT(trades.*, 0, 7, days) FOR EACH users.user_id",
            "PREDICT COUNT(trades.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE COUNT(trades.*, -90, 0, days) > 0",
            "PREDICT LAST(trades.market, 0, 30, days) FOR EACH users.user_id",
            "PREDICT LIST_DISTINCT(trades.market, 0, 30, days) CLASSIFY FOR EACH users.user_id",
        ],
    ),
    "newsletter": (  # an email-marketing platform: a latent open propensity with tenure fatigue, campaigns to segments
        # (created ahead of their send), events linked by contact_id, sends by a text campaign_ref, purchases attributed
        # to clicks; engagement_score, open_count and status today's; left out: the first clicked campaign's segment
        # (needs a view over events, sends and campaigns)
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(events.* WHERE events.event_type = 'open', 0, 30, days) > 0 "
            "FOR EACH subscribers.subscriber_id WHERE COUNT(sends.*, -30, 0, days) > 0",
            "PREDICT COUNT(events.* WHERE events.event_type = 'click', 0, 30, days) "
            "FOR EACH subscribers.subscriber_id WHERE COUNT(sends.*, -30, 0, days) > 0",
            "PREDICT COUNT(events.* WHERE events.event_type IN ('unsubscribe', 'complaint'), 0, 60, days) > 0 "
            "FOR EACH subscribers.subscriber_id WHERE COUNT(sends.*, -30, 0, days) > 0",
            "PREDICT SUM(purchases.amount, 0, 30, days) FOR EACH subscribers.subscriber_id "
            "WHERE COUNT(sends.*, -30, 0, days) > 0",
            "PREDICT LIST_DISTINCT(purchases.sku, 0, 60, days) RANK TOP 5 FOR EACH subscribers.subscriber_id "
            "WHERE COUNT(sends.*, -30, 0, days) > 0",
            "PREDICT SUM(purchases.amount, 0, 30, days) > 0 FOR EACH subscribers.subscriber_id "
            "WHERE COUNT(sends.*, -30, 0, days) > 0 "
            "ASSUMING COUNT(events.* WHERE events.event_type = 'click', 0, 30, days) > 0",
            "PREDICT AVG(purchases.amount, 0, 90, days) FOR EACH subscribers.subscriber_id",
        ],
    ),
    "lending": (  # a P2P lending platform: latent risk and hidden hardship behind misses and defaults, a loan status
        # log, borrowers' credit_grade (re-scored monthly) and current_balance today's, collections calls linked by
        # loan_no; left out: the missed-installment and repaid-amount tasks per borrower (they need repayments timed by
        # due_date, set by hand, and a view to reach borrowers; the repaid amount is asked per loan instead)
        ["2024-06-01", "2024-08-01", "2024-10-01"],
        [
            "PREDICT COUNT(loan_status_log.* WHERE loan_status_log.new_status = 'default', 0, 90, days) > 0 "
            "FOR EACH loans.loan_id WHERE loans.status IN ('current', 'late')",
            "PREDICT SUM(repayments.amount_paid, 0, 30, days) FOR EACH loans.loan_id "
            "WHERE loans.status IN ('current', 'late')",
            "PREDICT COUNT(loan_applications.*, 0, 90, days) FOR EACH borrowers.borrower_id "
            "WHERE borrowers.account_status = 'active'",
            "PREDICT FIRST(loans.grade, 0, 90, days) FOR EACH borrowers.borrower_id",
            "PREDICT FIRST(loan_applications.purpose, 0, 90, days) FOR EACH borrowers.borrower_id",
            "PREDICT SUM(loans.principal, 0, 90, days) FOR EACH borrowers.borrower_id "
            "ASSUMING COUNT(loans.*, 0, 90, days) > 0",
            "PREDICT LIST_DISTINCT(collections_calls.loan_no, 0, 30, days) RANK TOP 2 FOR EACH borrowers.borrower_id",
        ],
    ),
    "freelance": (  # a freelance marketplace: text client and contract ids, undeclared payments.contract_ref and
        # payee_id, a quality latent behind hires and stars, repeat hires; freelancers' rating (a running mean of stars)
        # and jobs_completed today's (they leak the stars and hire tasks), job_posts.status and closed_at filled later
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(contracts.*, 0, 30, days) > 0 FOR EACH freelancers.freelancer_id",
            "PREDICT SUM(payments.amount, 0, 30, days) FOR EACH freelancers.freelancer_id",
            "PREDICT COUNT(proposals.*, 0, 7, days) FOR EACH job_posts.post_id "
            "WHERE COUNT(proposals.*, -7, 0, days) > 0",
            "PREDICT COUNT(job_posts.*, 0, 60, days) > 0 FOR EACH clients.client_id "
            "WHERE COUNT(job_posts.*, -INF, 0, days) > 0",
            "PREDICT AVG(reviews.stars, 0, 90, days) FOR EACH freelancers.freelancer_id",
            "PREDICT FIRST(job_posts.category, 0, 60, days) FOR EACH clients.client_id",
            "PREDICT LIST_DISTINCT(contracts.freelancer_id, 0, 90, days) RANK TOP 10 FOR EACH clients.client_id",
            "PREDICT MIN(reviews.stars, 0, 60, days) <= 3 FOR EACH freelancers.freelancer_id "
            "ASSUMING COUNT(reviews.*, 0, 60, days) > 0",
        ],
    ),
    "iot": (  # a smart-building telemetry warehouse: daily readings (DATE) linked by dev_id, a view readings_by_site,
        # hidden device health behind critical alerts and work orders, seasonal energy; devices' status and firmware
        # and sites' contract_tier today's; left out: the silent-device task (4 positives at the three anchors)
        ["2024-06-01", "2024-09-01", "2024-11-15"],
        [
            "PREDICT COUNT(alerts.* WHERE alerts.severity = 'critical', 0, 7, days) > 0 FOR EACH devices.device_id",
            "PREDICT SUM(readings_by_site.kwh WHERE readings_by_site.device_type = 'meter', 0, 30, days) "
            "FOR EACH sites.site_code",
            "PREDICT COUNT(work_orders.*, 0, 30, days) > 0 FOR EACH sites.site_code",
            "PREDICT AVG(readings.avg_temp_c, 0, 7, days) FOR EACH devices.device_id "
            "WHERE devices.device_type = 'sensor'",
            "PREDICT FIRST(alerts.alert_type, 0, 30, days) FOR EACH devices.device_id",
            "PREDICT LIST_DISTINCT(work_orders.assigned_tech, 0, 30, days) RANK TOP 3 FOR EACH sites.site_code",
            "PREDICT COUNT(alerts.* WHERE alerts.severity = 'critical', 0, 30, days) > 0 FOR EACH devices.device_id "
            "ASSUMING COUNT(readings.*, 0, 30, days) > 0",
        ],
    ),
    "airline": (  # an airline's loyalty program: a flight schedule published 180 days ahead, bookings made ahead and
        # cancelled later (cancelled_at their end time), a signed miles ledger (text mbr), business travellers' routes;
        # members' tier, miles_balance and lifetime_miles today's; the per-booking cancellation backtests far above
        # its honest number
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(miles_ledger.* WHERE miles_ledger.txn_type = 'flight', 0, 60, days) > 0 "
            "FOR EACH members.member_no",
            "PREDICT SUM(miles_ledger.miles WHERE miles_ledger.miles > 0, 0, 90, days) FOR EACH members.member_no",
            "PREDICT bookings.status = 'cancelled' FOR EACH bookings.pnr",
            "PREDICT COUNT(bookings.*, 0, 30, days) FOR EACH members.member_no",
            "PREDICT FIRST(bookings.fare_class, 0, 90, days) FOR EACH members.member_no",
            "PREDICT LIST_DISTINCT(bookings.dest_airport, 0, 90, days) RANK TOP 3 FOR EACH members.member_no",
            "PREDICT COUNT(complaints.*, 0, 30, days) > 0 FOR EACH members.member_no",
            "PREDICT COUNT(miles_ledger.* WHERE miles_ledger.txn_type = 'flight', 0, 60, days) > 0 "
            "FOR EACH members.member_no WHERE COUNT(bookings.*, -365, 0, days) > 0",
            "PREDICT COUNT(complaints.*, 0, 30, days) > 0 FOR EACH members.member_no "
            "ASSUMING COUNT(miles_ledger.* WHERE miles_ledger.txn_type = 'flight', 0, 30, days) > 0",
        ],
    ),
    "wholesale": (  # a B2B food wholesaler's ERP: text keys, invoices linked by a short-string acct, DATE invoice
        # dates, due dates set ahead, hidden distress behind churn, rep visits lifting orders; accounts' credit_limit
        # today's; left out: the order-line tasks (category, SKU ranking, line revenue: order_lines has no time column
        # and reaches accounts in two steps, so they need a view); revenue is asked through invoices instead
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(sales_orders.*, 0, 30, days) = 0 FOR EACH accounts.account_id "
            "WHERE COUNT(sales_orders.*, -90, 0, days) > 0",
            "PREDICT COUNT(sales_orders.*, 0, 14, days) FOR EACH accounts.account_id "
            "WHERE COUNT(sales_orders.*, -90, 0, days) > 0",
            "PREDICT invoices.days_past_due > 0 FOR EACH invoices.invoice_no",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH accounts.account_id "
            "WHERE COUNT(sales_orders.*, -90, 0, days) > 0",
            "PREDICT AVG(invoices.amount, 0, 30, days) FOR EACH accounts.account_id",
            "PREDICT COUNT(sales_orders.*, 0, 30, days) = 0 FOR EACH accounts.account_id "
            "WHERE accounts.segment = 'caterer' AND COUNT(sales_orders.*, -90, 0, days) > 0",
            "PREDICT COUNT(sales_orders.*, 0, 14, days) FOR EACH accounts.account_id "
            "WHERE COUNT(sales_orders.*, -90, 0, days) > 0 ASSUMING COUNT(rep_visits.*, 0, 7, days) > 0",
        ],
    ),
    "appanalytics": (  # a mobile app's product-analytics warehouse: sessions, an event stream (event_ts beside a noisy
        # client_ts), pushes linked by uid, experiment assignments by exp_key, pro subscriptions (cancelled_at their end
        # time); users' plan, is_pro, app_version and lifetime_sessions today's (the plan filter keeps only users free
        # today); left out: the revenue task (it predicts 0 for everyone, the global baseline)
        ["2024-06-01", "2024-09-01", "2024-11-15"],
        [
            "PREDICT COUNT(sessions.*, 0, 7, days) FOR EACH users.user_id",
            "PREDICT COUNT(sessions.*, 0, 14, days) = 0 FOR EACH users.user_id "
            "WHERE COUNT(sessions.*, -30, 0, days) > 0",
            "PREDICT COUNT(subscriptions.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE users.plan = 'free'",
            "PREDICT COUNT(subscriptions.*, 0, 30, days) > 0 FOR EACH users.user_id "
            "WHERE COUNT(subscriptions.*, -INF, 0, days) = 0",
            "PREDICT push_notifications.opened_at IS NOT NULL FOR EACH push_notifications.push_id",
            "PREDICT FIRST(events.event_name WHERE events.event_name != 'app_open', 0, 7, days) FOR EACH users.user_id",
            "PREDICT LIST_DISTINCT(events.event_name WHERE events.event_name != 'app_open', 0, 7, days) CLASSIFY "
            "FOR EACH users.user_id",
            "PREDICT AVG(sessions.duration_s, 0, 7, days) FOR EACH users.user_id",
            "PREDICT COUNT(subscriptions.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE users.is_pro = FALSE "
            "ASSUMING COUNT(events.* WHERE events.event_name = 'upgrade_click', 0, 30, days) > 0",
        ],
    ),
    "dating": (  # an online-dating app: text profile ids, swipes and matches linking profiles twice, a view
        # match_sides (each match once per side), matches' first_msg_at filled later beside matched_at (their time
        # column); profiles' is_premium and matches' msg_count (a running count of the match's messages: the
        # first-message tasks backtest far above their honest number) today's; left out: the next match's city and
        # the ASSUMING over match_sides (match_sides links to profiles twice: they need an unlink)
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT_DISTINCT(swipes.swiped_id, 0, 7, days) > 0 FOR EACH profiles.profile_id",
            "PREDICT COUNT_DISTINCT(swipes.swiper_id WHERE swipes.direction IN ('like', 'superlike'), 0, 7, days) "
            "FOR EACH profiles.profile_id",
            "PREDICT COUNT(subscriptions.* WHERE subscriptions.source = 'in_app', 0, 30, days) > 0 "
            "FOR EACH profiles.profile_id WHERE profiles.is_premium = false",
            "PREDICT COUNT(subscriptions.* WHERE subscriptions.source = 'in_app', 0, 30, days) > 0 "
            "FOR EACH profiles.profile_id",
            "PREDICT COUNT(messages.*, 0, 7, days) FOR EACH profiles.profile_id",
            "PREDICT COUNT(messages.*, 0, 3, days) > 0 FOR EACH matches.match_id "
            "WHERE COUNT(messages.*, -INF, 0, days) = 0",
            "PREDICT COUNT(messages.*, 0, 3, days) > 0 FOR EACH matches.match_id "
            "WHERE COUNT(match_sides.*, -7, 0, days) > 0 AND COUNT(messages.*, -INF, 0, days) = 0",
            "PREDICT LIST_DISTINCT(match_sides.partner_id, 0, 30, days) RANK TOP 10 FOR EACH profiles.profile_id",
            "PREDICT AVG(messages.body_len, 0, 30, days) FOR EACH profiles.profile_id",
        ],
    ),
    "auction": (  # an online auction site: members bid on lots (bids.bidder_id, a person's role beside the declared
        # lot_id), a view bid_lines (each bid's category and seller), lots' ends_at set ahead, a NULL reserve_price the
        # planted driver of sale; lots' bid_count, watch_count and sellers' feedback_score running totals; members'
        # and sellers' closed_at not set as end times (the trial set them: its bid AUROC 0.60, closed members easy
        # negatives without); lots.winner_id, filled in at the lot's end, is no link (linked to members for a while,
        # it was read at anchors before it was set: paid ASSUMING a bid 0.70 against 0.61 honest at 2024-09-01, 0.62
        # unlinked); left out: the lot-sold task (it needs ends_at as an end
        # time) and sellers' 90-day stars (run at earlier anchors: the window passes the data's end at 2024-11-01)
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(bids.*, 0, 30, days) > 0 FOR EACH members.member_id",
            "PREDICT COUNT(bids.*, 0, 7, days) FOR EACH members.member_id WHERE COUNT(bids.*, -90, 0, days) > 0",
            "PREDICT FIRST(bid_lines.category_code, 0, 30, days) FOR EACH members.member_id "
            "WHERE COUNT(bids.*, -60, 0, days) > 0",
            "PREDICT LIST_DISTINCT(bid_lines.category_code, 0, 30, days) RANK TOP 3 FOR EACH members.member_id",
            "PREDICT LIST_DISTINCT(bid_lines.seller_id, 0, 30, days) RANK TOP 5 FOR EACH members.member_id",
            "PREDICT SUM(payments.amt_usd, 0, 30, days) FOR EACH members.member_id "
            "WHERE COUNT(bids.*, -30, 0, days) > 0",
            "PREDICT COUNT(payments.*, 0, 30, days) > 0 FOR EACH members.member_id "
            "ASSUMING COUNT(bids.*, 0, 30, days) > 0",
            "PREDICT COUNT(lots.*, 0, 30, days) FOR EACH sellers.seller_id",
        ],
    ),
    "cloudhost": (  # a cloud host's billing: daily meter readings per project, invoices issued on the 1st (paid_at
        # filled later), dunning reminders 1/15/30 days after the due date, tickets (a legacy 'Urgent' beside
        # 'urgent'), organizations' plan_tier today's with a change log plan_changes (from_tier, to_tier); left out:
        # org churn and plan upgrades (they count meter readings per organization, two links away: a view) and the
        # reminder of an open invoice (every one open at 2024-04-01 is reminded, one class and no AUROC; 4 and 3
        # negatives of 72 and 63 at the other anchors)
        ["2024-04-01", "2024-07-01", "2024-10-01"],
        [
            "PREDICT SUM(invoices.amount_due, 0, 1, months) FOR EACH organizations.org_id "
            "WHERE COUNT(invoices.*, -2, 0, months) > 0",
            "PREDICT COUNT(tickets.*, 0, 30, days) FOR EACH organizations.org_id",
            "PREDICT FIRST(tickets.severity, 0, 90, days) FOR EACH organizations.org_id",
            "PREDICT LIST_DISTINCT(meter_readings.resource_type, 0, 30, days) RANK TOP 2 FOR EACH projects.project_id",
            "PREDICT COUNT(tickets.* WHERE tickets.severity = 'urgent', 0, 60, days) > 0 FOR EACH organizations.org_id "
            "ASSUMING COUNT(tickets.*, 0, 60, days) > 0",
            "PREDICT AVG(meter_readings.qty WHERE meter_readings.resource_type = 'cpu_hours', 0, 14, days) "
            "FOR EACH projects.project_id",
        ],
    ),
    "transit": (  # a transit smart-card scheme: text card numbers, journeys with tap-in and tap-out stations (both
        # linked to stations; tap-out and fare filled in at the end), top-ups, passes timed by a start_date bought up
        # to 3 days ahead, cards' status, balance, lifetime_trips and last_tap_at today's, holder_type with legacy
        # upper-case values, a self-link replaces_card_no; commuters' home and work stations, students' summer drop;
        # left out: the mean fare (9 tasks kept)
        ["2024-04-01", "2024-07-01", "2024-10-01"],
        [
            "PREDICT COUNT(journeys.*, 0, 7, days) > 0 FOR EACH cards.card_no",
            "PREDICT COUNT(journeys.*, 0, 30, days) = 0 FOR EACH cards.card_no WHERE COUNT(journeys.*, -30, 0, days) > 0",
            "PREDICT COUNT(journeys.*, 0, 30, days) FOR EACH cards.card_no",
            "PREDICT SUM(topup_txn.amt, 0, 1, months) FOR EACH cards.card_no",
            "PREDICT COUNT(passes.*, 0, 30, days) > 0 FOR EACH cards.card_no WHERE COUNT(passes.*, -30, 0, days) > 0",
            "PREDICT FIRST(journeys.tap_in_stn, 0, 7, days) FOR EACH cards.card_no",
            "PREDICT LIST_DISTINCT(journeys.tap_in_stn, 0, 30, days) RANK TOP 3 FOR EACH cards.card_no",
            "PREDICT COUNT(journeys.*, 0, 30, days) FOR EACH cards.card_no WHERE cards.holder_type = 'student'",
            "PREDICT COUNT(topup_txn.*, 0, 30, days) > 0 FOR EACH cards.card_no "
            "ASSUMING COUNT(journeys.*, 0, 30, days) > 10",
        ],
    ),
    "dealer": (  # a car dealership group's DMS: text keys (cust_no, VINs, RO numbers), service appointments booked
        # up to 28 days ahead (scheduled_for set ahead; status filled in with cancelled_at, though no-shows and
        # completions get no date), repair orders' total filled in at close, surveys linked by a short-string ro_no,
        # customers' loyalty_tier and vehicles' current_mileage and status today's, vehicles without a time column,
        # seasonal tire changes in the north stores, recall campaigns (model_year_to read as a link); the no-show task
        # reads the appointment's later repair order (warned; over every appointment 0.995 against 0.99 honest, the
        # trial's 0.47 was over those still booked); MAX > 1500 reads later rows, likely today's loyalty_tier (0.72 at
        # 2024-10-01 against 0.60 honest); anchors those of the trial's tire-change task
        # (09-01 for its 09-20), not the others' 2024-06-01 (no tire change or recall visit in the windows: one
        # class); the vehicle purchase and next service type run over 90 days (6 months and 180 days in the trial, at
        # earlier anchors: they pass the data's end at 2024-10-01); left out: parts categories (a two-hop view)
        ["2024-03-01", "2024-09-01", "2024-10-01"],
        [
            "PREDICT COUNT(service_appointments.*, 0, 90, days) > 0 FOR EACH customers.cust_no",
            "PREDICT SUM(repair_orders.total_amount, 0, 90, days) FOR EACH customers.cust_no",
            "PREDICT COUNT(vehicle_sales.*, 0, 90, days) > 0 FOR EACH customers.cust_no",
            "PREDICT FIRST(repair_orders.service_type, 0, 90, days) FOR EACH vehicles.vin",
            "PREDICT service_appointments.status = 'no_show' FOR EACH service_appointments.appt_id",
            "PREDICT COUNT(repair_orders.* WHERE repair_orders.service_type = 'tire_change', 0, 60, days) > 0 "
            "FOR EACH customers.cust_no",
            "PREDICT MAX(repair_orders.total_amount, 0, 90, days) > 1500 FOR EACH customers.cust_no "
            "ASSUMING COUNT(repair_orders.*, 0, 90, days) > 0",
            "PREDICT COUNT(repair_orders.* WHERE repair_orders.service_type = 'recall', 0, 60, days) > 0 "
            "FOR EACH vehicles.vin",
        ],
    ),
    "podcast": (  # a podcast platform: text show and creator ids (SH0042, cr-017), episodes created up to 14 days
        # before publish_at (set ahead), shows' status, episode_count and last_published_at and listeners' plan and
        # last_seen_at today's, follows' unfollowed_at and shows' ended_at filled in later, undeclared keys; listening
        # sessions keyed by a VARCHAR listener_ref and an odd-named ep (neither linked): every per-listener play task
        # of the trial (plays in 7 days, seconds in 30, next category, next shows, lapse, mean seconds) needs a view
        # casting it, so they are left out, and follows, ratings, episodes and payouts stand in (those four tasks are
        # not the trial's; ratings over 60 days: 90 pass the data's end); the static unfollow tasks are the trial's
        # (it found them reading today's unfollowed_at, with the WHERE 0.72 at 2024-09-01 against 0.47 honest; now
        # 0.55 against 0.47)
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(follows.*, 0, 30, days) FOR EACH shows.show_id",
            "PREDICT SUM(payouts.amount_usd, 0, 1, months) FOR EACH creators.creator_id",
            "PREDICT follows.unfollowed_at IS NOT NULL FOR EACH follows.follow_id WHERE follows.unfollowed_at IS NULL",
            "PREDICT follows.unfollowed_at IS NOT NULL FOR EACH follows.follow_id",
            "PREDICT COUNT(follows.*, 0, 30, days) > 0 FOR EACH listeners.listener_id",
            "PREDICT COUNT(ratings.*, 0, 60, days) > 0 FOR EACH listeners.listener_id",
            "PREDICT COUNT(episodes.*, 0, 30, days) FOR EACH shows.show_id",
            "PREDICT LIST_DISTINCT(follows.show_id, 0, 30, days) RANK TOP 5 FOR EACH listeners.listener_id",
        ],
    ),
    "boxsub": (  # a subscription-box shop: text SKUs, shipments keyed by an undeclared sub_ref, products' rating_count
        # (a running total: rewound by the ratings since the trial found it read today's, MAE 2.08 backtest against
        # 2.19 honest), subscribers' status and plan_code today's, cancellation reasons filled in later and spelt
        # messily (10 classes), skips dated by the box month set ahead; the skip task's survivor warning
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(cancellations.*, 0, 30, days) > 0 FOR EACH subscribers.subscriber_id",
            "PREDICT COUNT(ratings.*, 0, 60, days) FOR EACH products.sku",
            "PREDICT cancellations.reason FOR EACH cancellations.cancellation_id",
            "PREDICT LIST_DISTINCT(swaps.to_sku, 0, 30, days) RANK TOP 5 FOR EACH subscribers.subscriber_id",
            "PREDICT COUNT(skips.*, 0, 30, days) > 0 FOR EACH subscribers.subscriber_id WHERE subscribers.status = 'active'",
            "PREDICT SUM(shipments.amount_charged, 0, 30, days) FOR EACH subscribers.subscriber_id",
            "PREDICT AVG(ratings.stars, 0, 60, days) FOR EACH products.sku",
        ],
    ),
    "crowdfund": (  # a crowdfunding platform: text campaign codes, pledges.backer (a bare singular key, linked since
        # the trial), campaigns' pledged_usd and backers_count, tiers' claimed and backers' lifetime_pledged_usd today's
        # running totals (rewound since: the weekly pledges read MAE 2.70/4.11/3.04 backtest against 3.98/6.55/4.20
        # honest), campaigns' status today's, pledges' status filled in at several dates
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(pledges.*, 0, 30, days) > 0 FOR EACH backers.backer_id",
            "PREDICT SUM(pledges.amount_usd, 0, 30, days) FOR EACH backers.backer_id",
            "PREDICT COUNT(pledges.*, 0, 7, days) FOR EACH campaigns.campaign_code WHERE COUNT(pledges.*, -3, 0, days) > 0",
            "PREDICT COUNT(pledges.*, 0, 60, days) >= 3 FOR EACH backers.backer_id "
            "ASSUMING COUNT(pledges.*, 0, 60, days) > 0",
            "PREDICT campaigns.status FOR EACH campaigns.campaign_code",
            "PREDICT LIST_DISTINCT(pledges.campaign_code, 0, 30, days) RANK TOP 10 FOR EACH backers.backer_id",
        ],
    ),
    "evcharge": (  # an EV charging network: text charger ids, undeclared keys (drivers.home_site a bare role-named
        # key, linked since; payments.customer_ref a driver id as VARCHAR, not linked), chargers' status and drivers'
        # plan today's, sites' decommissioned_at an end time since the trial (closed sites were predicted), sessions'
        # kWh and fee filled in at their end, outages and fault tickets by hardware model
        ["2024-06-01", "2024-09-01", "2024-10-15"],
        [
            "PREDICT COUNT(sessions.*, 0, 30, days) = 0 FOR EACH drivers.driver_id WHERE COUNT(sessions.*, -60, 0, days) > 0",
            "PREDICT SUM(sessions.kwh_delivered, 0, 30, days) FOR EACH drivers.driver_id "
            "WHERE COUNT(sessions.*, -90, 0, days) > 0",
            "PREDICT COUNT(outages.*, 0, 30, days) > 0 FOR EACH chargers.charger_id",
            "PREDICT COUNT(sessions.*, 0, 7, days) FOR EACH chargers.charger_id WHERE chargers.status != 'retired'",
            "PREDICT COUNT(memberships.* WHERE memberships.plan = 'premium', 0, 60, days) > 0 FOR EACH drivers.driver_id "
            "WHERE drivers.plan = 'payg'",
            "PREDICT SUM(sessions.fee_eur, 0, 30, days) > 20 FOR EACH drivers.driver_id "
            "ASSUMING COUNT(sessions.*, 0, 30, days) > 0",
            "PREDICT fault_tickets.category FOR EACH fault_tickets.ticket_id",
        ],
    ),
    "bikeshare": (  # a city bike-share: text station codes, trips linked to stations twice (start and end: counted
        # by start station through COUNT of its own column since the trial), casual trips without a member, bikes'
        # battery and status today's, members' total_rides a running total (rewound), trips that do not chain (read as
        # a log of bikes.current_station until the log check asked for chaining), a weather table linked to nothing
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(trips.*, 0, 30, days) = 0 FOR EACH members.member_id WHERE COUNT(trips.*, -30, 0, days) > 0",
            "PREDICT SUM(trips.fare_usd, 0, 30, days) FOR EACH members.member_id WHERE COUNT(trips.*, -90, 0, days) > 0",
            "PREDICT COUNT(trips.*, 0, 30, days) >= 4 FOR EACH members.member_id ASSUMING COUNT(trips.*, 0, 30, days) > 0",
            "PREDICT COUNT(tickets.* WHERE tickets.reported_by = 'member', 0, 30, days) > 0 FOR EACH bikes.bike_id "
            "WHERE bikes.bike_type = 'electric'",
            "PREDICT LIST_DISTINCT(trips.end_station_code, 0, 30, days) RANK TOP 5 FOR EACH members.member_id",
            "PREDICT tickets.issue FOR EACH tickets.ticket_id WHERE tickets.reported_by = 'member'",
            "PREDICT COUNT(trips.start_station_code, 0, 7, days) FOR EACH stations.station_code",
        ],
    ),
    "vetclinic": (  # a chain of veterinary practices: text vet and invoice keys, appointments booked ahead, vaccinations'
        # next_due_on set ahead, pets' status, weight and neutered today's (status 'inactive'/'deceased' a leak the state
        # check misses: the visit task 0.763 backtest against 0.724 honest at 2024-03-01), pets' deceased_at an end
        # time since the trial (282 dead pets were predicted), prescriptions' refills_remaining a running total
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(visits.*, 0, 90, days) > 0 FOR EACH pets.pet_id",
            "PREDICT SUM(invoices.amount, 0, 90, days) FOR EACH owners.owner_id",
            "PREDICT COUNT(refills.*, 0, 30, days) > 0 FOR EACH prescriptions.rx_id WHERE prescriptions.refills_allowed > 0",
            "PREDICT COUNT(vaccinations.*, 0, 60, days) > 0 FOR EACH pets.pet_id",
            "PREDICT AVG(visits.weight_kg, 0, 90, days) FOR EACH pets.pet_id",
            "PREDICT LIST_DISTINCT(appointments.vet_ref, 0, 90, days) RANK TOP 3 FOR EACH pets.pet_id",
            "PREDICT COUNT(appointments.* WHERE appointments.status = 'no_show', 0, 90, days) > 0 FOR EACH pets.pet_id "
            "ASSUMING COUNT(appointments.*, 0, 90, days) > 0",
            "PREDICT COUNT(visits.*, 0, 90, days) FOR EACH pets.pet_id WHERE pets.species = 'Dog' "
            "AND COUNT(visits.*, -365, 0, days) > 0",
        ],
    ),
    "coworking": (  # a coworking operator: bookings dated by their start, written up to 60 days ahead (booked_at),
        # invoices' amount_paid kept by their payments (most paid at once), bookings keyed by a member's badge code
        # (a unique column, not the key), companies' home_site an undeclared key; anchors after the 1st's invoicing
        ["2024-04-05", "2024-07-05", "2024-09-05"],
        [
            "PREDICT COUNT(checkins.*, 0, 30, days) = 0 FOR EACH members.member_id "
            "WHERE COUNT(checkins.*, -30, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 1, months) FOR EACH companies.company_id "
            "WHERE COUNT(invoices.*, -1, 0, months) > 0",
            "PREDICT COUNT(checkins.*, 0, 30, days) FOR EACH members.member_id WHERE COUNT(checkins.*, -30, 0, days) > 0",
            "PREDICT FIRST(plan_changes.new_plan, 0, 90, days) FOR EACH members.member_id",
            "PREDICT COUNT(payments.*, 0, 14, days) > 0 FOR EACH invoices.invoice_no "
            "WHERE COUNT(payments.*, -INF, 0, days) = 0",
        ],
    ),
    "permits": (  # a city's permit office: text parcel keys (apn), applications' status logged in status_history,
        # contractors' status, pass_rate and active_permits today's, inspections scheduled ahead, permits' expires_on
        # taken for an end time
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(applications.*, 0, 90, days) = 0 FOR EACH contractors.contractor_id "
            "WHERE COUNT(applications.*, -180, 0, days) > 0",
            "PREDICT SUM(applications.valuation_usd, 0, 90, days) FOR EACH contractors.contractor_id "
            "WHERE COUNT(applications.*, -365, 0, days) > 0",
            "PREDICT COUNT(inspections.* WHERE inspections.result = 'fail', 0, 30, days) > 0 "
            "FOR EACH applications.app_id WHERE COUNT(inspections.*, -30, 0, days) > 0",
            "PREDICT FIRST(inspections.result, 0, 30, days) FOR EACH applications.app_id "
            "WHERE COUNT(inspections.*, -60, 0, days) > 0",
            "PREDICT COUNT(violations.*, 0, 90, days) > 0 FOR EACH parcels.apn",
        ],
    ),
    "parking": (  # a parking operator: plates as text keys (sessions' and citations' not linked: 27-40% of their
        # plates belong to no customer), customers.loyalty_tier set from the last 90 days (today's), sessions open at
        # the snapshot (exit filled in later), a rate history written ahead of its effective date
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(payments.*, 0, 30, days) = 0 FOR EACH customers.customer_id "
            "WHERE COUNT(payments.*, -60, 0, days) > 0",
            "PREDICT SUM(payments.amount, 0, 30, days) FOR EACH customers.customer_id "
            "WHERE COUNT(payments.*, -90, 0, days) > 0",
            "PREDICT COUNT(sessions.*, 0, 7, days) FOR EACH lots.lot_id",
        ],
    ),
    "langapp": (  # a language-learning app: weekly league results dated by their Monday and written when the week
        # closes (a leak backtests name), streaks and XP on the user row today's, plan logged by plan_changes
        ["2024-03-04", "2024-06-03", "2024-09-02"],
        [
            "PREDICT COUNT(lesson_completions.*, 0, 14, days) = 0 FOR EACH users.user_id "
            "WHERE COUNT(lesson_completions.*, -14, 0, days) > 0",
            "PREDICT SUM(lesson_completions.xp_earned, 0, 7, days) FOR EACH users.user_id "
            "WHERE COUNT(lesson_completions.*, -30, 0, days) > 0",
            "PREDICT COUNT(plan_changes.* WHERE plan_changes.new_plan IN ('plus', 'family'), 0, 30, days) > 0 "
            "FOR EACH users.user_id WHERE users.plan = 'free'",
            "PREDICT FIRST(league_results.league, 0, 7, days) FOR EACH users.user_id "
            "WHERE COUNT(league_results.*, -14, 0, days) > 0",
            "PREDICT COUNT(lesson_completions.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH courses.course_code",
        ],
    ),
    "clinicaltrial": (  # clinical-trial operations: subjects' status today's (withdrawn, completed), visits written
        # ahead of their scheduled date, adverse events dated by onset (a DATE) and reported later, a text study code
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(disposition.* WHERE disposition.event = 'withdrawn', 0, 30, days) > 0 "
            "FOR EACH subjects.subject_id WHERE COUNT(dosing.*, -60, 0, days) > 0",
            "PREDICT COUNT(visits.* WHERE visits.status = 'missed', 0, 30, days) > 0 "
            "FOR EACH subjects.subject_id WHERE COUNT(dosing.*, -60, 0, days) > 0",
            "PREDICT COUNT(adverse_events.*, 0, 60, days) FOR EACH sites.site_id",
            "PREDICT FIRST(adverse_events.severity, 0, 90, days) FOR EACH subjects.subject_id "
            "WHERE COUNT(dosing.*, -60, 0, days) > 0",
            "PREDICT COUNT(subjects.*, 0, 30, days) FOR EACH sites.site_id",
        ],
    ),
    "solar": (  # a residential solar installer: weekly energy rollups dated by their Monday, lifetime totals kept up
        # to date (sites.lifetime_kwh, customers.lifetime_paid), installation milestones filled in as a job moves on
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(service_tickets.*, 0, 30, days) > 0 FOR EACH sites.site_id "
            "WHERE COUNT(inverters.*, -INF, 0, days) > 0",
            "PREDICT SUM(energy_readings.kwh, 0, 30, days) FOR EACH sites.site_id "
            "WHERE COUNT(energy_readings.*, -30, 0, days) > 0",
            "PREDICT COUNT(project_milestones.* WHERE project_milestones.milestone = 'signed', 0, 60, days) > 0 "
            "FOR EACH installations.install_id WHERE COUNT(project_milestones.*, -INF, 0, days) = 0",
            "PREDICT FIRST(service_tickets.category, 0, 90, days) FOR EACH sites.site_id "
            "WHERE COUNT(inverters.*, -INF, 0, days) > 0",
            "PREDICT COUNT(referrals.referrer_id, 0, 90, days) FOR EACH customers.customer_id "
            "WHERE COUNT(invoices.*, -INF, 0, days) > 0",
        ],
    ),
    "freight": (  # a freight brokerage: carriers keyed by a unique mc_number text code besides their id (bids'
        # and payouts' not linked), loads' status and carrier filled in as they move, amount_paid kept up to date
        ["2024-04-01", "2024-07-01", "2024-09-15"],
        [
            "PREDICT COUNT(loads.*, 0, 14, days) > 0 FOR EACH shippers.shipper_id "
            "WHERE COUNT(loads.*, -90, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH shippers.shipper_id "
            "WHERE COUNT(loads.*, -90, 0, days) > 0",
            "PREDICT COUNT(tenders.* WHERE tenders.response = 'rejected', 0, 14, days) > 0 "
            "FOR EACH carriers.carrier_id WHERE COUNT(tenders.*, -30, 0, days) > 0",
            "PREDICT FIRST(exceptions.exception_type, 0, 90, days) FOR EACH carriers.carrier_id",
            "PREDICT SUM(invoices.amount_paid, 0, 30, days) FOR EACH shippers.shipper_id "
            "WHERE COUNT(loads.*, -90, 0, days) > 0",
        ],
    ),
    "farmcoop": (  # a farm co-op: deliveries keyed by a unique farm_code (not the key), input purchases that stop
        # from late October to January each year (a season, not the data's end), messy category spellings
        ["2023-09-15", "2024-04-01", "2024-07-01"],
        [
            "PREDICT COUNT(purchases.* WHERE purchases.category IN ('Fertilizer', 'fertilizer', 'fertiliser', "
            "'FERTILIZER', 'Fert.'), 0, 30, days) > 0 FOR EACH farms.farm_id",
            "PREDICT SUM(purchases.amount, 0, 90, days) FOR EACH farms.farm_id",
        ],
    ),
    "museum": (  # a museum's members: level and auto_renew today's, terms dated by their start and written at
        # payment (early renewals ahead, grace ones backdated), exhibitions announced ahead, attendance filled later
        ["2024-03-01", "2024-05-01", "2024-07-01"],
        [
            "PREDICT COUNT(membership_terms.*, 0, 90, days) > 0 FOR EACH members.member_id "
            "WHERE COUNT(membership_terms.*, -365, -335, days) > 0",
            "PREDICT COUNT(visits.*, 0, 90, days) FOR EACH members.member_id",
            "PREDICT COUNT(event_registrations.* WHERE event_registrations.attended = TRUE, 0, 30, days) > 0 "
            "FOR EACH members.member_id",
            "PREDICT SUM(donations.amount_usd, 0, 180, days) FOR EACH members.member_id",
            "PREDICT COUNT(visits.*, 0, 14, days) FOR EACH exhibitions.exhibition_code",
        ],
    ),
    "staffing": (  # a staffing agency: workers' reliability_rating today's (a leak left), assignments' status
        # filled in at check-in (no-shows have none), timesheets keyed by a text assignment_ref, invoices paid later
        ["2024-05-01", "2024-08-01", "2024-11-01"],
        [
            "PREDICT COUNT(shift_assignments.* WHERE shift_assignments.status = 'no_show', 0, 14, days) > 0 "
            "FOR EACH workers.worker_id WHERE COUNT(shift_assignments.*, -30, 0, days) > 0",
            "PREDICT SUM(timesheets.hours_worked, 0, 30, days) FOR EACH workers.worker_id "
            "WHERE COUNT(timesheets.*, -90, 0, days) > 0",
            "PREDICT COUNT(shift_orders.*, 0, 14, days) > 0 FOR EACH clients.client_id",
            "PREDICT FIRST(shift_assignments.status, 0, 7, days) FOR EACH workers.worker_id",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH clients.client_id",
        ],
    ),
    "daycare": (  # a daycare chain: children keyed by a text child_ref, a shift rota published two weeks ahead,
        # absences reported ahead, families.subsidy today's, closures at Easter (attendance quiet for days)
        ["2024-04-01", "2024-08-01", "2024-10-01"],
        [
            "PREDICT COUNT(attendance.*, 30, 60, days) = 0 FOR EACH children.child_ref "
            "WHERE COUNT(attendance.*, -30, 0, days) > 0",
            "PREDICT COUNT(attendance.*, 0, 30, days) FOR EACH children.child_ref "
            "WHERE COUNT(attendance.*, -30, 0, days) > 0",
            "PREDICT COUNT(children.*, 0, 30, days) > 0 FOR EACH families.family_id "
            "WHERE COUNT(waitlist.*, -365, 0, days) > 0",
            "PREDICT COUNT(invoices.* WHERE invoices.late_fee > 0, 0, 30, days) > 0 FOR EACH families.family_id "
            "WHERE COUNT(invoices.*, -60, 0, days) > 0",
        ],
    ),
    "winery": (  # a winery: club shipments created a month before they ship or are skipped, seasonal releases,
        # events booked ahead, an undeclared text visit_ref, members.skips_count and last_order_at today's
        ["2024-03-01", "2024-05-01", "2024-06-15"],
        [
            "PREDICT COUNT(tier_changes.* WHERE tier_changes.change_type = 'cancel', 0, 90, days) > 0 "
            "FOR EACH members.member_id",
            "PREDICT SUM(orders.total, 0, 90, days) FOR EACH members.member_id",
            "PREDICT COUNT(tasting_visits.*, 0, 60, days) FOR EACH members.member_id",
            "PREDICT FIRST(shipments.status, 0, 180, days) FOR EACH members.member_id",
        ],
    ),
    "homeservices": (  # a home-services marketplace: text pro and invoice keys, jobs scheduled only once a quote
        # is accepted, pros.rating_avg and status today's, keys filled in later (jobs.assigned_pro)
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(jobs.*, 0, 90, days) = 0 FOR EACH homeowners.homeowner_id "
            "WHERE COUNT(jobs.*, -180, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH pros.pro_code",
            "PREDICT AVG(reviews.rating, 0, 90, days) FOR EACH pros.pro_code",
            "PREDICT FIRST(jobs.category, 0, 90, days) FOR EACH homeowners.homeowner_id "
            "WHERE COUNT(jobs.*, -365, 0, days) > 0",
            "PREDICT COUNT(invoices.*, 0, 14, days) > 0 FOR EACH homeowners.homeowner_id "
            "WHERE COUNT(jobs.*, -60, 0, days) > 0",
        ],
    ),
    "carshare": (  # a car-sharing service: members.tier set from the last 90 days' trips (today's), fines dated by
        # the offence and received weeks later, text plate keys, reservations booked ahead
        ["2024-03-01", "2024-07-01", "2024-10-01"],
        [
            "PREDICT COUNT(trips.*, 0, 60, days) = 0 FOR EACH members.member_id WHERE COUNT(trips.*, -90, 0, days) > 0",
            "PREDICT SUM(trips.distance_km, 0, 30, days) FOR EACH members.member_id "
            "WHERE COUNT(trips.*, -180, 0, days) > 0",
            "PREDICT COUNT(reservations.* WHERE reservations.status = 'no_show', 0, 30, days) > 0 "
            "FOR EACH members.member_id WHERE COUNT(reservations.*, -60, 0, days) > 0",
            "PREDICT COUNT(damage_reports.*, 0, 90, days) > 0 FOR EACH vehicles.vehicle_id",
            "PREDICT COUNT(fines.*, 0, 60, days) > 0 FOR EACH members.member_id WHERE COUNT(trips.*, -90, 0, days) > 0",
        ],
    ),
    "telehealth": (  # a telehealth platform: consultations booked ahead whose status and charge are filled in at
        # the visit, lab results days later, clinicians.rating_avg a running mean, messy state spellings
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(consultations.*, 0, 90, days) = 0 FOR EACH patients.patient_id "
            "WHERE COUNT(consultations.*, -180, 0, days) > 0",
            "PREDICT SUM(consultations.amount_charged, 0, 90, days) FOR EACH patients.patient_id "
            "WHERE COUNT(consultations.*, -365, 0, days) > 0",
            "PREDICT COUNT(refills.*, 0, 60, days) FOR EACH prescriptions.rx_id WHERE prescriptions.refills_allowed > 0",
            "PREDICT AVG(surveys.score, 0, 90, days) FOR EACH clinicians.clinician_code",
            "PREDICT FIRST(consultations.status, 0, 30, days) FOR EACH patients.patient_id",
        ],
    ),
    "campground": (  # a campground network: reservations booked weeks ahead, closures reported before they start,
        # a loyalty tier kept current through a change log, messy add-on item spellings, strong seasons
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(reservations.*, 0, 90, days) = 0 FOR EACH guests.guest_id "
            "WHERE COUNT(reservations.*, -365, 0, days) > 0",
            "PREDICT SUM(addons.amount, 0, 30, days) FOR EACH guests.guest_id "
            "WHERE COUNT(reservations.*, -180, 0, days) > 0",
            "PREDICT COUNT(checkins.*, 0, 30, days) FOR EACH sites.site_code",
            "PREDICT FIRST(addons.item, 0, 60, days) FOR EACH guests.guest_id "
            "WHERE COUNT(reservations.*, -180, 0, days) > 0",
        ],
    ),
    "autorepair": (  # an auto-repair chain: appointments booked ahead, work orders whose status and totals are
        # filled in, invoices paid in parts, a loyalty tier that is today's state from the last year's invoices
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(invoices.*, 0, 90, days) = 0 FOR EACH customers.customer_id "
            "WHERE COUNT(invoices.*, -365, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 90, days) FOR EACH customers.customer_id "
            "WHERE COUNT(invoices.*, -365, 0, days) > 0",
            "PREDICT COUNT(appointments.* WHERE appointments.status = 'no_show', 0, 60, days) > 0 "
            "FOR EACH vehicles.vehicle_id WHERE COUNT(appointments.*, -365, 0, days) > 0",
            "PREDICT FIRST(work_orders.service_type, 0, 90, days) FOR EACH vehicles.vehicle_id "
            "WHERE COUNT(work_orders.*, -365, 0, days) > 0",
            "PREDICT COUNT(work_orders.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH technicians.tech_code",
        ],
    ),
    "blooddrive": (  # a regional blood service: appointments booked ahead, deferrals for low haemoglobin, a minimum
        # gap between donations, lab results days later, a donor's status, badge and totals kept current
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(donations.*, 0, 90, days) = 0 FOR EACH donors.donor_id "
            "WHERE COUNT(donations.*, -365, 0, days) > 0",
            "PREDICT COUNT(donations.* WHERE donations.outcome = 'collected', 0, 90, days) FOR EACH donors.donor_id "
            "WHERE COUNT(donations.*, -365, 0, days) > 0",
            "PREDICT COUNT(deferrals.* WHERE deferrals.reason = 'low_hb', 0, 90, days) > 0 FOR EACH donors.donor_id "
            "WHERE COUNT(donations.*, -180, 0, days) > 0",
            "PREDICT FIRST(donations.outcome, 0, 90, days) FOR EACH donors.donor_id",
            "PREDICT SUM(donations.volume_ml, 0, 90, days) FOR EACH donors.donor_id "
            "WHERE COUNT(donations.*, -365, 0, days) > 0",
        ],
    ),
    "shelter": (  # an animal shelter network: intakes, adoptions with returns, an animal's status filled in with
        # its outcome, volunteer shifts booked ahead, kitten season, messy species spellings
        ["2024-06-01", "2024-09-01", "2024-11-15"],
        [
            "PREDICT COUNT(shifts.*, 0, 30, days) = 0 FOR EACH volunteers.volunteer_code "
            "WHERE COUNT(shifts.*, -60, 0, days) > 0",
            "PREDICT COUNT(adoptions.*, 0, 30, days) > 0 FOR EACH animals.animal_id "
            "WHERE COUNT(intakes.*, -30, 0, days) > 0",
            "PREDICT COUNT(adoptions.*, 0, 30, days) > 0 FOR EACH animals.animal_id WHERE animals.status = 'in_shelter'",
            "PREDICT SUM(shifts.hours, 0, 30, days) FOR EACH volunteers.volunteer_code "
            "WHERE COUNT(shifts.*, -60, 0, days) > 0",
            "PREDICT FIRST(applications.status, 0, 30, days) FOR EACH adopters.adopter_id "
            "WHERE COUNT(applications.*, -INF, 0, days) > 0",
            "PREDICT COUNT(intakes.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH shelters.shelter_id",
        ],
    ),
    "propmgmt": (  # a residential property manager: leases 'active' until their end date passes, rent charges and
        # late payments, maintenance requests filled in when closed, text lease codes, today's unit status
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(move_outs.*, 0, 90, days) > 0 FOR EACH units.unit_id",
            "PREDICT COUNT(maintenance_requests.*, 0, 90, days) FOR EACH units.unit_id",
            "PREDICT COUNT(payments.* WHERE payments.days_late > 5, 0, 90, days) > 0 FOR EACH tenants.tenant_id "
            "WHERE COUNT(payments.*, -60, 0, days) > 0",
            "PREDICT SUM(payments.amount, 0, 90, days) FOR EACH tenants.tenant_id "
            "WHERE COUNT(payments.*, -60, 0, days) > 0",
            "PREDICT FIRST(maintenance_requests.category, 0, 60, days) FOR EACH units.unit_id",
        ],
    ),
    "tutoring": (  # a tutoring marketplace: bookings made ahead, cancelled or no-shows, parents paying per session
        # or monthly bundles, text tutor codes, a spring peak then a summer drop
        ["2024-06-01", "2024-09-01", "2024-11-01"],
        [
            "PREDICT COUNT(bookings.*, 0, 30, days) = 0 FOR EACH students.student_id "
            "WHERE COUNT(bookings.*, -60, 0, days) > 0",
            "PREDICT SUM(payments.amount, 0, 30, days) FOR EACH parents.parent_id "
            "WHERE COUNT(payments.*, -90, 0, days) > 0",
            "PREDICT COUNT(bookings.* WHERE bookings.status = 'completed', 0, 30, days) FOR EACH tutors.tutor_code",
            "PREDICT FIRST(bookings.tutor_ref, 0, 30, days) FOR EACH students.student_id "
            "WHERE COUNT(bookings.*, -60, 0, days) > 0",
            "PREDICT SUM(tutor_payouts.amount, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH tutors.tutor_code",
        ],
    ),
    "selfstorage": (  # a self-storage operator: rentals that move out, monthly invoices with late fees ten days
        # past due, overlock notices and lien auctions, a customer's balance kept current, gate access logs
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(invoices.*, 0, 60, days) = 0 FOR EACH rentals.rental_no "
            "WHERE COUNT(invoices.*, -40, 0, days) > 0",
            "PREDICT SUM(payments.amount, 0, 30, days) FOR EACH customers.customer_id "
            "WHERE COUNT(payments.*, -60, 0, days) > 0",
            "PREDICT COUNT(tenant_notices.* WHERE tenant_notices.notice_type = 'overlock', 0, 90, days) > 0 "
            "FOR EACH rentals.rental_no WHERE COUNT(invoices.*, -40, 0, days) > 0",
            "PREDICT COUNT(gate_access.*, 0, 30, days) FOR EACH customers.customer_id "
            "WHERE COUNT(gate_access.*, -90, 0, days) > 0",
            "PREDICT COUNT(rentals.*, 0, 30, days) FORECAST 2 TIMEFRAMES FOR EACH facilities.facility_id",
        ],
    ),
    "eventvenue": (  # an event venue group: contracts booked months ahead with deposits and balances, inquiries
        # converted (dated) or lost (undated), a loyalty tier kept current, text contract numbers
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(inquiries.*, 0, 90, days) = 0 FOR EACH clients.client_id "
            "WHERE COUNT(inquiries.*, -365, 0, days) > 0",
            "PREDICT SUM(contracts.total_value, 0, 90, days) FOR EACH clients.client_id "
            "WHERE COUNT(contracts.*, -365, 0, days) > 0",
            "PREDICT COUNT(inquiries.*, 0, 90, days) FOR EACH clients.client_id "
            "WHERE clients.client_type = 'corporate'",
            "PREDICT FIRST(inquiries.event_type, 0, 90, days) FOR EACH clients.client_id "
            "WHERE clients.client_type = 'corporate'",
            "PREDICT COUNT(contracts.*, 0, 30, days) > 0 FOR EACH inquiries.inquiry_id WHERE inquiries.status = 'open'",
        ],
    ),
    "construction": (  # a construction contractor: projects through bid, award, work and close, phases planned
        # ahead, change orders, inspections failed and re-inspected, retainage, safety incidents
        ["2024-03-01", "2024-06-01", "2024-08-01"],
        [
            "PREDICT COUNT(projects.*, 0, 90, days) = 0 FOR EACH clients.client_id "
            "WHERE COUNT(projects.*, -365, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH projects.project_id WHERE projects.status = 'in_progress'",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH projects.project_id "
            "WHERE COUNT(invoices.*, -45, 0, days) > 0",
            "PREDICT COUNT(inspections.* WHERE inspections.result = 'fail', 0, 30, days) > 0 "
            "FOR EACH subcontractors.sub_code",
            "PREDICT FIRST(inspections.result, 0, 30, days) FOR EACH subcontractors.sub_code",
            "PREDICT COUNT(safety_incidents.*, 0, 90, days) FOR EACH subcontractors.sub_code",
        ],
    ),
    "marina": (  # a marina: slip leases renewed ahead, fuel purchases with a summer season, service work orders
        # scheduled ahead, haul-outs, invoices and payments on text invoice numbers, a boat's status filled in on departure
        ["2024-06-01", "2024-08-01", "2024-09-15"],
        [
            "PREDICT COUNT(fuel_purchases.*, 0, 30, days) = 0 FOR EACH boats.boat_id "
            "WHERE COUNT(fuel_purchases.*, -30, 0, days) > 0",
            "PREDICT SUM(fuel_purchases.gallons, 0, 30, days) FOR EACH boats.boat_id",
            "PREDICT COUNT(work_orders.*, 0, 90, days) FOR EACH boats.boat_id",
            "PREDICT FIRST(work_orders.service_type, 0, 90, days) FOR EACH boats.boat_id",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH owners.owner_id",
        ],
    ),
    "wastehauling": (  # a commercial waste hauler: pickups scheduled ahead and completed or missed, extra pickup
        # requests, monthly invoices, complaints, a site's missed count and a customer's balance kept current
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(pickups.* WHERE pickups.status = 'completed', 0, 90, days) = 0 FOR EACH sites.site_id "
            "WHERE COUNT(pickups.* WHERE pickups.status = 'completed', -30, 0, days) > 0",
            "PREDICT COUNT(pickups.* WHERE pickups.status = 'missed', 0, 30, days) FOR EACH sites.site_id",
            "PREDICT SUM(invoices.amount, 0, 1, months) FOR EACH customers.account_id",
            "PREDICT COUNT(extra_pickups.*, 0, 30, days) > 0 FOR EACH sites.site_id",
            "PREDICT FIRST(complaints.category, 0, 90, days) FOR EACH customers.account_id",
        ],
    ),
    "catering": (  # a caterer: quotes that become events booked months ahead, tastings, staff assignments, deposits
        # and final invoices, reviews one per event (no key of their own), a text quote reference
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(quotes.*, 0, 90, days) = 0 FOR EACH clients.client_id "
            "WHERE COUNT(quotes.*, -365, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 90, days) FOR EACH clients.client_id "
            "WHERE COUNT(quotes.*, -365, 0, days) > 0",
            "PREDICT FIRST(events.event_type, 0, 90, days) FOR EACH clients.client_id "
            "WHERE COUNT(events.*, -365, 0, days) > 0",
            "PREDICT COUNT(staff_assignments.*, 0, 30, days) FOR EACH staff.staff_code",
        ],
    ),
    "lawfirm": (  # a law firm: matters opened and closed, hourly time entries, invoices paid late, trust account
        # deposits, court deadlines set ahead, text attorney codes, a matter reference stored as text
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(invoices.*, 0, 90, days) = 0 FOR EACH clients.client_id "
            "WHERE COUNT(invoices.*, -90, 0, days) > 0",
            "PREDICT SUM(payments.amount, 0, 90, days) FOR EACH clients.client_id "
            "WHERE COUNT(invoices.*, -180, 0, days) > 0",
            "PREDICT SUM(time_entries.hours, 0, 30, days) FOR EACH matters.matter_id "
            "WHERE COUNT(time_entries.*, -30, 0, days) > 0",
            "PREDICT FIRST(matters.practice_area, 0, 90, days) FOR EACH clients.client_id "
            "WHERE COUNT(matters.*, -730, 0, days) > 0",
        ],
    ),
    "theatre": (  # a theatre: season subscriptions, performances scheduled ahead, ticket orders by channel,
        # donations on a text donor reference, a subscriber flag and lifetime giving kept current
        ["2024-03-01", "2024-05-01", "2024-07-01"],
        [
            "PREDICT COUNT(orders.*, 0, 90, days) = 0 FOR EACH patrons.patron_id "
            "WHERE COUNT(orders.*, -365, 0, days) > 0",
            "PREDICT COUNT(subscriptions.*, 0, 90, days) > 0 FOR EACH patrons.patron_id "
            "WHERE COUNT(orders.*, -365, 0, days) > 0",
            "PREDICT SUM(orders.total_amount, 0, 90, days) FOR EACH patrons.patron_id "
            "WHERE COUNT(orders.*, -365, 0, days) > 0",
            "PREDICT FIRST(orders.channel, 0, 90, days) FOR EACH patrons.patron_id "
            "WHERE COUNT(orders.*, -365, 0, days) > 0",
        ],
    ),
    "pestcontrol": (  # a pest-control company: service agreements, recurring visits booked ahead and completed or
        # cancelled, callbacks, chemical usage in mixed units, text technician codes, seasonal pests
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(service_requests.*, 0, 30, days) > 0 FOR EACH customers.customer_id "
            "WHERE COUNT(visits.*, -90, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 90, days) FOR EACH customers.customer_id "
            "WHERE COUNT(invoices.*, -180, 0, days) > 0",
            "PREDICT FIRST(service_requests.pest, 0, 90, days) FOR EACH customers.customer_id",
        ],
    ),
    "salon": (  # a salon chain: appointments booked ahead with no-shows, stylists moving between salons, retail
        # sales, gift cards bought for others, a loyalty tier rewritten from the last year's points
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(appointments.* WHERE appointments.status = 'completed', 0, 90, days) = 0 "
            "FOR EACH clients.client_id WHERE COUNT(appointments.*, -180, 0, days) > 0",
            "PREDICT COUNT(appointments.* WHERE appointments.status = 'no_show', 0, 60, days) > 0 "
            "FOR EACH clients.client_id WHERE COUNT(appointments.*, -120, 0, days) > 0",
            "PREDICT FIRST(appointments.channel, 0, 90, days) FOR EACH clients.client_id",
            "PREDICT SUM(appointments.total_amount, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH stylists.stylist_code",
        ],
    ),
    "golfclub": (  # a golf club: tee times booked ahead, rounds and handicap revisions, charges on member accounts,
        # tournaments announced ahead, resignations given with notice, rounds this year kept current
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(rounds.*, 0, 60, days) = 0 FOR EACH members.member_id "
            "WHERE COUNT(rounds.*, -90, 0, days) > 0",
            "PREDICT SUM(charges.amount, 0, 30, days) FOR EACH members.member_id",
            "PREDICT AVG(rounds.gross_score WHERE rounds.holes = 18, 0, 60, days) FOR EACH members.member_id",
            "PREDICT FIRST(charges.item_category, 0, 30, days) FOR EACH members.member_id",
            "PREDICT COUNT(tournament_entries.*, 0, 60, days) > 0 FOR EACH members.member_id",
        ],
    ),
    "movingco": (  # a moving company: estimates, moves booked weeks ahead with crews and trucks, damage claims,
        # storage in transit, realtor referral partners on text codes, messy customer types
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(estimates.*, 0, 90, days) = 0 FOR EACH customers.customer_id "
            "WHERE COUNT(estimates.*, -180, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH customers.customer_id "
            "WHERE COUNT(estimates.*, -60, 0, days) > 0",
            "PREDICT COUNT(estimates.*, 0, 90, days) FOR EACH referral_partners.partner_code",
            "PREDICT FIRST(estimates.move_type, 0, 60, days) FOR EACH referral_partners.partner_code",
            "PREDICT COUNT(claims.*, 0, 90, days) > 0 FOR EACH customers.customer_id "
            "WHERE COUNT(moves.*, -60, 0, days) > 0",
        ],
    ),
    "skiresort": (  # a ski resort: season passes renewed each autumn, lift scans in winter only, lessons and lodging
        # booked ahead, rentals on a guest id stored as text, a pass_holder flag kept current
        ["2023-12-15", "2024-02-01", "2024-11-01"],
        [
            "PREDICT COUNT(lift_scans.*, 0, 30, days) = 0 FOR EACH guests.guest_id "
            "WHERE COUNT(lift_scans.*, -365, 0, days) > 0",
            "PREDICT SUM(lodging_stays.total_amount, 0, 60, days) FOR EACH guests.guest_id "
            "WHERE COUNT(lodging_stays.*, -730, 0, days) > 0",
            "PREDICT COUNT(lift_scans.*, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH lifts.lift_id",
        ],
    ),
    "bootcamp": (  # a coding bootcamp: applications and interviews, cohorts announced ahead, enrollments with
        # tuition payments, graded submissions, dropouts, placements on an enrollment id stored as text
        ["2024-03-01", "2024-06-01", "2024-09-01"],
        [
            "PREDICT COUNT(submissions.*, 0, 21, days) = 0 FOR EACH enrollments.enrollment_id "
            "WHERE COUNT(submissions.*, -14, 0, days) > 0",
            "PREDICT AVG(submissions.grade, 0, 28, days) FOR EACH enrollments.enrollment_id",
            "PREDICT COUNT(applications.*, 0, 30, days) FOR EACH cohorts.cohort_code",
            "PREDICT COUNT(placements.*, 0, 90, days) > 0 FOR EACH applicants.applicant_id "
            "WHERE COUNT(enrollments.*, -INF, 0, days) > 0",
            "PREDICT FIRST(placements.role, 0, 90, days) FOR EACH applicants.applicant_id",
        ],
    ),
    "musicschool": (  # a music school: lessons written for the whole term at enrolment, re-enrolment per term,
        # instrument rentals with a due date pushed on each term, exam entries, invoices per term
        ["2024-03-01", "2024-05-15", "2024-10-01"],
        [
            "PREDICT COUNT(enrolments.*, 0, 120, days) = 0 FOR EACH students.student_id "
            "WHERE COUNT(lessons.*, -60, 0, days) > 0",
            "PREDICT COUNT(lessons.* WHERE lessons.status = 'no_show', 0, 30, days) > 0 FOR EACH students.student_id "
            "WHERE COUNT(lessons.*, -30, 0, days) > 0",
            "PREDICT COUNT(lessons.* WHERE lessons.status = 'attended', 0, 30, days) FOR EACH students.student_id "
            "WHERE COUNT(lessons.*, -30, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 90, days) FOR EACH students.student_id "
            "WHERE COUNT(lessons.*, -60, 0, days) > 0",
            "PREDICT FIRST(enrolments.teacher_code, 0, 120, days) FOR EACH students.student_id "
            "WHERE COUNT(lessons.*, -60, 0, days) > 0",
        ],
    ),
    "homecare": (  # a home-care agency: visits written ahead by a rota (re-pointed when a caregiver leaves),
        # discharges that end a client's service, hospital admissions, biweekly timesheets, text caregiver codes
        ["2024-04-01", "2024-07-01", "2024-09-01"],
        [
            "PREDICT COUNT(discharges.*, 0, 90, days) > 0 FOR EACH clients.client_id "
            "WHERE COUNT(visits.*, -30, 0, days) > 0",
            "PREDICT COUNT(visits.* WHERE visits.status = 'missed', 0, 30, days) FOR EACH caregivers.caregiver_code "
            "WHERE COUNT(visits.*, -30, 0, days) > 0",
            "PREDICT SUM(timesheets.hours, 0, 30, days) FOR EACH caregivers.caregiver_code "
            "WHERE COUNT(timesheets.*, -60, 0, days) > 0",
            "PREDICT COUNT(visits.* WHERE visits.status IN ('completed', 'late'), 0, 30, days) = 0 "
            "FOR EACH caregivers.caregiver_code WHERE COUNT(visits.*, -30, 0, days) > 0",
        ],
    ),
    "toolrental": (  # a tool-rental chain: reservations booked ahead, contracts out and returned, an item's hours
        # meter kept current, service records, damage reports, seasonal demand by category
        ["2024-04-01", "2024-07-01", "2024-10-01"],
        [
            "PREDICT COUNT(rental_contracts.*, 0, 90, days) = 0 FOR EACH customers.customer_id "
            "WHERE COUNT(rental_contracts.*, -365, 0, days) > 0",
            "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH customers.customer_id "
            "WHERE COUNT(invoices.*, -180, 0, days) > 0",
            "PREDICT FIRST(rental_contracts.rate_plan, 0, 90, days) FOR EACH customers.customer_id "
            "WHERE COUNT(rental_contracts.*, -365, 0, days) > 0",
            "PREDICT COUNT(service_records.* WHERE service_records.service_type = 'scheduled', 0, 90, days) > 0 "
            "FOR EACH items.item_id",
            "PREDICT COUNT(reservations.*, 0, 30, days) FOR EACH models.model_code",
            "PREDICT COUNT(rental_contracts.*, 0, 14, days) > 0 FOR EACH customers.customer_id "
            "WHERE COUNT(rental_contracts.*, -365, 0, days) > 0",
        ],
    ),
}


def run(label: str, only: list[str]) -> None:
    out = RESULTS / f"trials_{label}.jsonl"
    names = only or list(TRIALS)
    kept = [line for line in out.open()] if out.exists() else []  # other databases' rows stay
    kept = [line for line in kept if json.loads(line)["db"] not in names]
    with tempfile.TemporaryDirectory() as tmp, out.open("w") as f:
        f.writelines(kept)
        for name in names:
            anchors, tasks = TRIALS[name]
            path = f"{tmp}/{name}.duckdb"
            subprocess.run([sys.executable, str(HERE / "trials" / f"{name}.py"), path], check=True, capture_output=True)
            rfm = rfm_sql.attach(duckdb.connect(path, read_only=True))
            for pql in tasks:
                for anchor in anchors:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        evaluation = rfm.evaluate(pql, anchor_time=anchor)
                    metrics = evaluation.metrics
                    row = {"db": name, "pql": pql, "anchor": anchor, "metrics": metrics, "n": evaluation.n}
                    f.write(json.dumps(row) + "\n")
                    print(name, anchor, pql[:70], {k: round(v, 4) for k, v in metrics.items()}, flush=True)


def report(labels: list[str]) -> str:
    runs, counts = [], []
    for label in labels:
        rows = [json.loads(line) for line in (RESULTS / f"trials_{label}.jsonl").open()]
        runs.append({(r["db"], r["pql"], r["anchor"]): r["metrics"] for r in rows})
        counts.append({(r["db"], r["pql"], r["anchor"]): r.get("n") for r in rows})  # older runs: no n
    ref = runs[0]
    lines = [
        "# Trial databases: backtests",
        "",
        f"Runs: {', '.join(labels)} (`python benchmarks/trials.py --label NAME`, then `--report {' '.join(labels)}`).",
        "Each cell: the task's first metric (AUROC ↑ for binary, MAE ↓ for regression), per anchor; with the number of",
        "scored rows where runs scored different rows (rows that ended are no longer predicted or scored).",
        "",
        "| db | task | anchor | " + " | ".join(labels) + " |",
        "|---" * (3 + len(labels)) + "|",
    ]
    every = {key: metrics for run in reversed(runs) for key, metrics in run.items()}  # a database only later runs have
    for key in [*ref, *(k for k in every if k not in ref)]:
        metric = next(iter(every[key]))
        cells = [f"{run[key][metric]:.4f}" if key in run else "–" for run in runs]
        n = [c.get(key) for c in counts]
        cells = [  # a backtest over other rows (ended ones no longer scored) says so: its metric moved with them
            f"{cell} (n {m:,})" if m is not None and any(o is not None and o != m for o in n) else cell
            for cell, m in zip(cells, n, strict=True)
        ]
        lines.append(f"| {key[0]} | `{key[1]}` | {key[2]} | " + " | ".join(cells) + " |")
    lines.append("")
    for label, run, count in zip(labels[1:], runs[1:], counts[1:], strict=True):
        better = worse = moved = 0
        ratios = []
        for key, metrics in ref.items():
            if key not in run:
                continue
            metric = next(iter(metrics))
            a, b = metrics[metric], run[key][metric]
            up = metric in HIGHER
            better += (b > a) if up else (b < a)
            lower = (b < a) if up else (b > a)
            worse += lower
            moved += lower and None not in (count[key], counts[0][key]) and count[key] != counts[0][key]
            if not up and a > 0 and b > 0:
                ratios.append(np.log(b / a))
        mean = f"; MAE {np.exp(np.mean(ratios)):.3f}× (geometric mean)" if ratios else ""
        other = f" ({moved} of them over other rows)" if moved else ""
        lines.append(f"- {label} against {labels[0]}: {better} better, {worse} worse{other}{mean}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--label", help="results/trials_LABEL.jsonl (rewritten)")
    ap.add_argument(
        "--only",
        nargs="*",
        default=[],
        choices=sorted(TRIALS),
        help="these databases only (the rest of the file stays)",
    )
    ap.add_argument(
        "--report", nargs="+", metavar="LABEL", help="write TRIALS.md from these runs (the first: reference)"
    )
    args = ap.parse_args()
    if args.report:
        (HERE / "TRIALS.md").write_text(report(args.report))
    elif args.label:
        run(args.label, args.only)
    else:
        ap.error("pass --label NAME to run, or --report LABEL ... to compare runs")


if __name__ == "__main__":
    main()

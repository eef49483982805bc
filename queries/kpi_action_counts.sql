-- The KPI and action counts the Portfolio, Scorecard and Review headlines show, one row, over the actions in
-- $action_ids and the KPIs in $kpi_ids (those the filters leave): KPIs by status, stale, with an incomplete
-- card, red with no open action; open and overdue actions, follow-through.
with

actions as (select * from action_status where list_contains($action_ids, action_id)),

kpis as (select * from scorecard where list_contains($kpi_ids, kpi_id)),

action_counts as (
    select
        count(*) filter (where status = 'open') as actions_open,
        count(*) filter (where overdue) as actions_overdue,
        count(*) filter (where is_due) as actions_due,
        count(*) filter (where is_due and done_on_time) as actions_done_on_time
    from actions
),

kpi_counts as (
    select
        count(*) as kpis,
        count(*) filter (where status = 'red') as kpis_red,
        count(*) filter (where status = 'amber') as kpis_amber,
        count(*) filter (where status = 'green') as kpis_green,
        count(*) filter (where unmanaged) as kpis_unmanaged,
        count(*) filter (where stale) as kpis_stale,
        count(*) filter (where not card_complete) as kpis_incomplete
    from kpis
),

final as (
    select
        action_counts.actions_open,
        action_counts.actions_overdue,
        action_counts.actions_due,
        action_counts.actions_done_on_time,
        action_counts.actions_done_on_time / nullif(action_counts.actions_due, 0) as follow_through_rate,
        kpi_counts.*
    from action_counts
    cross join kpi_counts
)

select * from final

-- The Review page's headline, one row, over the actions in $action_ids and the KPIs in $kpi_ids (those the
-- filters leave): open and overdue actions, follow-through, and red KPIs no open action answers.
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
    select count(*) filter (where unmanaged) as kpis_unmanaged
    from kpis
),

final as (
    select
        action_counts.actions_open,
        action_counts.actions_overdue,
        action_counts.actions_due,
        action_counts.actions_done_on_time,
        action_counts.actions_done_on_time / nullif(action_counts.actions_due, 0) as follow_through_rate,
        kpi_counts.kpis_unmanaged
    from action_counts
    cross join kpi_counts
)

select * from final
